"""The analytics dashboard (leads and admins) and its JSON and CSV API.

    GET /console/analytics                       the dashboard: filters, one card per chart
    GET /console/api/analytics/<measure>         one measure as JSON (the page script reads it)
    GET /console/api/analytics/<measure>.csv     the same numbers as CSV (a download)

Every route takes the same query: ``from`` and ``to`` (UTC days, ``YYYY-MM-DD``, both
included; default the last 30 days), ``language`` and ``channel`` (repeatable; empty
means any). The measures are :data:`shop.analytics.MEASURES`; docs/console.md, "Analytics",
defines them. A filter the API cannot mean gets 400; the page shows the default range
with the reason instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw

from core.errors import DatabaseError, NotFoundError
from shop.accounts import Role
from shop.analytics import (
    DEFAULT_DAYS,
    MEASURES,
    AnalyticsFilters,
    FilterOptions,
    filter_options,
    measure,
    to_csv,
)
from shopbot.console.analytics_charts import CHARTS, headline
from shopbot.console.auth import ConsoleState, requires
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.rendering import error_page, render_page
from shopbot.console.responses import in_thread, json_error

__all__ = ["ANALYTICS_API", "ANALYTICS_PATH", "analytics_blueprint", "filters_of", "query_of"]

ANALYTICS_PATH = f"{CONSOLE_PREFIX}/analytics"
ANALYTICS_API = f"{CONSOLE_PREFIX}/api/analytics"
CSV_SUFFIX = ".csv"
#: Values one filter may repeat.
MAX_VALUES = 20
#: Quick ranges the page links to (days up to today).
QUICK_RANGES = (7, 30, 90, 365)


def _day(request: Request, name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{name} is not a day (YYYY-MM-DD)") from error


def _names(request: Request, name: str) -> tuple[str, ...]:
    values = [value.strip() for value in request.args.getlist(name, []) if value.strip()]
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values of {name}")
    return tuple(dict.fromkeys(values))


def filters_of(request: Request, today: date | None = None) -> AnalyticsFilters:
    """The request's filters (ValueError when one cannot be meant). Without ``from`` the
    range is the 30 days up to ``to``; without ``to`` it ends today (or on ``from``)."""
    default = AnalyticsFilters.recent(today)
    first, last = _day(request, "from"), _day(request, "to")
    if first is None and last is not None:
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    elif first is not None and last is None:
        last = max(first, default.last)
    return AnalyticsFilters(
        first=first or default.first,
        last=last or default.last,
        languages=_names(request, "language"),
        channels=_names(request, "channel"),
    )


def query_of(filters: AnalyticsFilters) -> str:
    """The query string that asks for ``filters``."""
    pairs: list[tuple[str, str]] = [
        ("from", filters.first.isoformat()),
        ("to", filters.last.isoformat()),
    ]
    pairs += [("language", name) for name in filters.languages]
    pairs += [("channel", name) for name in filters.channels]
    return urlencode(pairs)


def _quick_ranges(filters: AnalyticsFilters) -> list[tuple[str, str]]:
    """``(label, query)`` of the quick ranges, with the page's language and channel."""
    ranges = []
    for days in QUICK_RANGES:
        chosen = AnalyticsFilters.recent(
            days=days, languages=filters.languages, channels=filters.channels
        )
        ranges.append((f"Last {days} days", query_of(chosen)))
    return ranges


def _options(options: FilterOptions, filters: AnalyticsFilters) -> dict[str, Sequence[str]]:
    """The choices of each select: the known ones plus any the URL asked for."""
    return {
        "languages": sorted({*options.languages, *filters.languages}),
        "channels": sorted({*options.channels, *filters.channels}),
    }


def analytics_blueprint(state: ConsoleState) -> Blueprint:
    """The dashboard and its API (leads and admins)."""
    blueprint = Blueprint("console_analytics")
    database = state.database

    @blueprint.get(ANALYTICS_PATH)
    @requires(Role.LEAD)
    async def dashboard(request: Request) -> HTTPResponse:
        error, status = "", 200
        try:
            filters = filters_of(request)
        except ValueError as refused:
            error, status = f"{refused}; showing the last 30 days instead.", 400
            filters = AnalyticsFilters.recent()
        try:
            options = await in_thread(filter_options, database)
        except DatabaseError:
            return error_page(
                request, 503, "The database does not answer", "Try again in a moment."
            )
        return render_page(
            request,
            "analytics.html",
            status=status,
            filters=filters,
            options=_options(options, filters),
            query=query_of(filters),
            quick_ranges=_quick_ranges(filters),
            charts=CHARTS,
            api=ANALYTICS_API,
            error=error,
        )

    @blueprint.get(f"{ANALYTICS_API}/<name:str>")
    @requires(Role.LEAD)
    async def measure_api(request: Request, name: str) -> HTTPResponse:
        as_csv = name.endswith(CSV_SUFFIX)
        measure_name = name[: -len(CSV_SUFFIX)] if as_csv else name
        if measure_name not in MEASURES:
            return json_error(404, "not_found", "no measure has this name")
        try:
            filters = filters_of(request)
            result = await in_thread(measure, database, measure_name, filters)
        except ValueError as refused:
            return json_error(400, "bad_request", str(refused))
        except NotFoundError:
            return json_error(404, "not_found", "no measure has this name")
        except DatabaseError:
            return json_error(503, "database_unavailable", "the database does not answer")
        if not as_csv:
            return json({**result.to_dict(), "headline": headline(result)})
        file_name = f"shopbot-{measure_name}-{filters.first}-{filters.last}.csv"
        return raw(
            to_csv(result).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
        )

    return blueprint
