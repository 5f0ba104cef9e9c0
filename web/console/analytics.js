/* The analytics dashboard: each card (section[data-measure]) fetches its measure as JSON
 * (/console/api/analytics/<measure>?<the page's filters>), says its headline, draws its
 * chart with Chart.js (/vendor/chart.umd.js) and fills its table. The card's data-
 * attributes say how to draw (kind, series, scale, unit, horizontal, stacked); data-state ends as
 * "ready", "empty" (nothing in the range) or "error". Values are put in the page as text.
 */
(function () {
  "use strict";
  const C = window.ShopbotConsole;
  // Okabe-Ito colours (told apart with colour-blindness), darkest first for contrast.
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#5A6475", "#1C2330"];
  const RATE_COLUMNS = /(^|_)(rate|share)$/;
  const LABEL_CHARACTERS = 28;

  function percent(value) {
    return (value * 100).toFixed(1) + "%";
  }

  function cellText(value, column) {
    if (value === null || value === undefined) return "n/a";
    if (typeof value === "number" && RATE_COLUMNS.test(column)) return percent(value);
    return String(value);
  }

  function shortLabel(text) {
    const label = String(text);
    return label.length > LABEL_CHARACTERS ? label.slice(0, LABEL_CHARACTERS - 1) + "…" : label;
  }

  function seriesIndexes(card, data) {
    const wanted = card.dataset.series || "*";
    const indexes = [];
    data.columns.forEach(function (name, index) {
      if (wanted === "*" ? index > 0 && name !== "total" : name === wanted) indexes.push(index);
    });
    return indexes;
  }

  function table(title, data) {
    const head = C.el("tr", {});
    data.labels.forEach(function (label, index) {
      const numeric = index > 0;
      head.append(C.el("th", { scope: "col", class: numeric ? "number" : null, text: label }));
    });
    const body = C.el("tbody", {});
    data.rows.forEach(function (row) {
      const line = C.el("tr", {});
      row.forEach(function (value, index) {
        const text = cellText(value, data.columns[index]);
        if (index === 0) line.append(C.el("th", { scope: "row", text: text }));
        else line.append(C.el("td", { class: "number", text: text }));
      });
      body.append(line);
    });
    if (!data.rows.length) {
      body.append(C.el("tr", {}, C.el("td", { colspan: String(data.labels.length), text: "Nothing in this range." })));
    }
    return C.el("table", { class: "table" }, C.el("caption", { text: title }), C.el("thead", {}, head), body);
  }

  function valueScale(card) {
    const scale = card.dataset.scale;
    const axis = { beginAtZero: true, ticks: { precision: 0 } };
    if (scale === "percent") {
      return { min: 0, max: 1, ticks: { callback: function (value) { return Math.round(value * 100) + "%"; } } };
    }
    if (scale === "sentiment") return { min: -1, max: 1, ticks: { stepSize: 0.5 } };
    if (card.hasAttribute("data-stacked")) axis.stacked = true;
    return axis;
  }

  function chartConfig(card, data) {
    const horizontal = card.hasAttribute("data-horizontal");
    const stacked = card.hasAttribute("data-stacked");
    const kind = card.dataset.kind === "bar" ? "bar" : "line";
    const percentScale = card.dataset.scale === "percent";
    const many = data.rows.length > 45;
    const datasets = seriesIndexes(card, data).map(function (index, n) {
      const colour = PALETTE[n % PALETTE.length];
      return {
        label: data.labels[index],
        data: data.rows.map(function (row) { return row[index]; }),
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: kind === "line" ? 2 : 0,
        pointRadius: many ? 0 : 3,
        tension: 0,
        spanGaps: false,
      };
    });
    const category = { stacked: stacked, ticks: { autoSkip: true, maxRotation: 0 } };
    if (horizontal) {
      // long labels (a shopper's search) are cut on the axis; the tooltip and table have them whole
      category.ticks.callback = function (value) { return shortLabel(this.getLabelForValue(value)); };
    }
    const values = valueScale(card);
    if (card.dataset.unit) values.title = { display: true, text: card.dataset.unit };
    return {
      type: kind,
      data: { labels: data.rows.map(function (row) { return String(row[0]); }), datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                const value = horizontal ? item.parsed.x : item.parsed.y;
                const shown = value === null ? "n/a" : percentScale ? percent(value) : item.formattedValue;
                return item.dataset.label + ": " + shown;
              },
            },
          },
        },
        scales: horizontal ? { x: values, y: category } : { x: category, y: values },
      },
    };
  }

  function draw(card, data) {
    const title = card.querySelector("h2").textContent;
    const headline = card.querySelector(".headline");
    headline.textContent = data.headline || "";
    card.querySelector(".table-scroll").replaceChildren(table(title, data));
    const canvas = card.querySelector("canvas");
    canvas.setAttribute("aria-label", title + ". " + (data.headline || ""));
    if (!data.rows.length) {
      card.dataset.state = "empty";
      return;
    }
    if (typeof window.Chart !== "function") {
      card.querySelector("details").open = true;
      headline.textContent += " (The chart library is not installed: the numbers are below.)";
      card.dataset.state = "no-chart";
      return;
    }
    const previous = window.Chart.getChart(canvas);
    if (previous) previous.destroy();
    new window.Chart(canvas, chartConfig(card, data));
    card.dataset.state = "ready";
  }

  async function load(card, api, query) {
    const url = api + "/" + encodeURIComponent(card.dataset.measure) + (query ? "?" + query : "");
    try {
      draw(card, await C.fetchJSON(url));
    } catch (error) {
      card.querySelector(".headline").textContent = "Could not load: " + error.message;
      card.dataset.state = "error";
    }
  }

  function styleCharts() {
    if (typeof window.Chart !== "function") return;
    const body = window.getComputedStyle(document.body);
    window.Chart.defaults.font.family = body.fontFamily;
    window.Chart.defaults.color = body.color;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const root = document.getElementById("analytics");
    if (!root) return;
    styleCharts();
    const api = root.dataset.api;
    const query = root.dataset.query || "";
    root.querySelectorAll("section[data-measure]").forEach(function (card) {
      load(card, api, query);
    });
  });
})();
