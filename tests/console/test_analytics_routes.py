"""The analytics dashboard over HTTP, against a real ``python -m shopbot.web`` whose
database holds the hand-made set of :mod:`tests.console.analytics_set`: the page, every
measure as JSON and CSV for leads and admins, 403 for agents, filters refused with 400,
the vendored Chart.js."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

import pytest
from markupsafe import escape

from shop.analytics import MEASURES, AnalyticsFilters, measure
from shopbot.console.analytics_charts import CHARTS, duration, headline, percent
from tests.console.analytics_set import remove_set, store_set
from tests.console.conftest import ConsoleServer

RANGE = "from=2026-05-28&to=2026-05-30"
API = "/console/api/analytics"


@pytest.fixture(scope="module", autouse=True)
def hand_made_set(console: ConsoleServer) -> Iterator[None]:
    """The set in the server's database (the server reads it on every request)."""
    store_set(console.database)
    yield
    remove_set(console.database)


def test_every_measure_has_a_chart_in_page_order() -> None:
    assert [chart.measure for chart in CHARTS] == list(MEASURES)


@pytest.mark.parametrize("user", ["lee", "ada"])
def test_leads_and_admins_get_every_measure_as_json(console: ConsoleServer, user: str) -> None:
    with console.signed_in(user) as client:
        for name in MEASURES:
            response = client.get(f"{API}/{name}?{RANGE}")
            assert response.status_code == 200, (name, response.text)
            assert response.headers["cache-control"] == "no-store"
            data = response.json()
            assert data["measure"] == name
            assert data["filters"]["from"] == "2026-05-28" and data["filters"]["to"] == "2026-05-30"
            assert len(data["columns"]) == len(data["labels"])
            assert all(len(row) == len(data["columns"]) for row in data["rows"])
            assert isinstance(data["headline"], str) and data["headline"]


def test_the_json_is_the_measure_with_a_headline(console: ConsoleServer) -> None:
    filters = AnalyticsFilters(date(2026, 5, 28), date(2026, 5, 30), channels=("socketio",))
    with console.signed_in("lee") as client:
        for name in MEASURES:
            data = client.get(f"{API}/{name}?{RANGE}&channel=socketio").json()
            expected = measure(console.database, name, filters)
            assert data == {**expected.to_dict(), "headline": headline(expected)}, name
        automation = client.get(f"{API}/automation?{RANGE}&channel=socketio").json()
        responses = client.get(f"{API}/first_response?{RANGE}").json()
    # socketio: a, b and f wrote; a and f ended without a person (d wrote nothing)
    assert automation["figures"] == {
        "numerator": 2,
        "denominator": 3,
        "rate": 0.6667,
        "without_message": 0,
    }
    assert automation["headline"] == (
        "66.7% of 3 conversations ended without a person (2). "
        "Not counted: 0 without a shopper message."
    )
    assert automation["rows"][0] == ["2026-05-28", 2, 1, 0.5]
    assert responses["headline"] == (
        "Median first response 1 min over 2 answered hand-overs; 1 never answered."
    )


def test_each_measure_downloads_as_csv(console: ConsoleServer) -> None:
    with console.signed_in("lee") as client:
        response = client.get(f"{API}/failed_searches.csv?{RANGE}")
        volume = client.get(f"{API}/conversations_by_channel.csv?{RANGE}&channel=socketio")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="shopbot-failed_searches-2026-05-28-2026-05-30.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [
        ["query", "searches"],
        ["botas rojas", "2"],
        ["'=cmd|' /c calc'!a0", "1"],  # a formula, defused
        ["my email is [email], find boots", "1"],  # redacted
    ]
    assert volume.text.splitlines() == [
        "day,socketio,total",
        "2026-05-28,2,2",
        "2026-05-29,3,3",
        "2026-05-30,1,1",
    ]


def test_agents_may_not_see_analytics(console: ConsoleServer) -> None:
    with console.signed_in("sam") as client:
        for url in (f"{API}/automation?{RANGE}", f"{API}/automation.csv", f"{API}/nothing"):
            response = client.get(url)
            assert response.status_code == 403, url
            assert response.json()["error"] == "forbidden"
        page = client.get("/console/analytics")
        assert page.status_code == 403 and "Not for your role" in page.text
        assert 'href="/console/analytics"' not in page.text  # not in the agent's navigation


def test_without_a_session_nothing_is_served(console: ConsoleServer) -> None:
    with console.client() as client:
        assert client.get(f"{API}/automation.csv?{RANGE}").status_code == 401
        page = client.get("/console/analytics")
        assert page.status_code == 302
        assert page.headers["location"].startswith("/console/login?next=")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=yesterday", "from is not a day"),
        ("from=2026-05-30&to=2026-05-01", "ends before it starts"),
        ("from=2020-01-01&to=2026-01-01", "at most 731 days"),
        ("language=en%27%3B%20drop", "not a channel or language"),
        ("&".join(f"channel=c{n}" for n in range(21)), "at most 20 values"),
    ],
)
def test_filters_that_cannot_be_meant_are_refused(
    console: ConsoleServer, query: str, message: str
) -> None:
    with console.signed_in("lee") as client:
        api = client.get(f"{API}/automation?{query}")
        page = client.get(f"/console/analytics?{query}")
    assert api.status_code == 400 and api.json()["error"] == "bad_request"
    assert message in api.json()["message"]
    assert page.status_code == 400
    assert message in page.text and "showing the last 30 days instead" in page.text


def test_an_unknown_measure_is_not_found(console: ConsoleServer) -> None:
    with console.signed_in("lee") as client:
        for name in ("nothing", "nothing.csv", "automation.json", ".csv"):
            response = client.get(f"{API}/{name}")
            assert response.status_code == 404, name
            assert response.json()["error"] == "not_found"


def test_the_dashboard_page(console: ConsoleServer) -> None:
    with console.signed_in("lee") as client:
        page = client.get(f"/console/analytics?{RANGE}&language=en&channel=")
    assert page.status_code == 200
    html = page.text
    assert 'href="/console/analytics" aria-current="page"' in html
    for chart in CHARTS:
        assert f'data-measure="{chart.measure}"' in html
        assert escape(chart.title) in html
        csv_link = (
            f'href="{API}/{chart.measure}.csv?from=2026-05-28&amp;to=2026-05-30&amp;language=en"'
        )
        assert csv_link in html, chart.measure
    assert 'data-query="from=2026-05-28&amp;to=2026-05-30&amp;language=en"' in html
    assert 'value="2026-05-28"' in html and 'value="2026-05-30"' in html
    assert '<option value="en" selected>en</option>' in html
    assert '<option value="telegram">telegram</option>' in html  # from the conversations
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="/vendor/chart.umd.js" defer>' in scripts
    assert '<script src="/console/static/analytics.js" defer>' in scripts
    assert all("src=" in tag for tag in scripts), "no inline scripts (CSP)"
    assert "style=" not in html


def test_the_default_range_is_the_last_30_days(console: ConsoleServer) -> None:
    with console.signed_in("ada") as client:
        page = client.get("/console/analytics")
        data = client.get(f"{API}/sentiment").json()
    assert page.status_code == 200
    assert len(data["rows"]) == 30
    assert data["filters"]["to"] == data["rows"][-1][0]


def test_the_page_script_and_chart_js_are_served(console: ConsoleServer) -> None:
    with console.signed_in("lee") as client:
        script = client.get("/console/static/analytics.js")
        style = client.get("/console/static/analytics.css")
        chart = client.get("/vendor/chart.umd.js")
    assert script.status_code == 200 and "ShopbotConsole" in script.text
    assert style.status_code == 200 and ".chart-grid" in style.text
    assert chart.status_code == 200, "run scripts/web_assets.sh (npm ci in web/)"
    assert chart.headers["content-type"].startswith("text/javascript")
    assert "Chart.js v4." in chart.text[:200]


def test_headline_formats() -> None:
    assert percent(None) == "n/a" and percent(0.3333) == "33.3%" and percent(1) == "100.0%"
    assert duration(None) == "n/a" and duration(44.6) == "45 s" and duration(90.0) == "1 min 30 s"
    assert duration(3600) == "1 h" and duration(7500) == "2 h 5 min" and duration(120) == "2 min"
