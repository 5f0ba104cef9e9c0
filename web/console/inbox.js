/* The agent inbox: the ticket list, one ticket's conversation beside the reply box, take,
 * reply and hand back; live through server-sent events (EventSource), no reload.
 *
 * The stream (data-events) only says what changed ("tickets", "messages"); the page then
 * fetches the JSON it needs from the API (data-api). Everything from the server or the
 * shopper goes into the page as text (ShopbotConsole.el, textContent), never as HTML.
 */
(function () {
  "use strict";
  const C = window.ShopbotConsole;
  const root = document.getElementById("inbox");
  if (!C || !root) return;

  const API = root.dataset.api;
  const EVENTS = root.dataset.events;
  const SVG = "http://www.w3.org/2000/svg";
  const RECONNECT_MS = 5000;
  const TREND_WORDS = { rising: "getting better", falling: "getting worse", steady: "steady", unknown: "" };
  const TREND_ARROWS = { rising: "↗", falling: "↘", steady: "→", unknown: "" };
  const SPEAKERS = { shopper: "Shopper", bot: "Bot", agent: "Agent", system: "" };

  const $ = function (id) { return document.getElementById(id); };
  const list = $("ticket-list");
  const statusFilter = $("status-filter");
  const liveStatus = $("live-status");
  const replyForm = $("reply-form");
  const replyText = $("reply-text");

  const state = {
    status: statusFilter.value,
    tickets: [],
    nextCursor: null,
    selected: null,
    detail: null,
    lines: [], // keys of the transcript lines shown
    known: null, // ticket numbers already listed (null before the first list)
    unread: new Set(),
    fresh: new Set(),
    loadingList: null,
    listAgain: false,
    loadingDetail: null,
    detailAgain: false,
    source: null,
  };

  // --- small helpers ------------------------------------------------------------------

  function show(element, visible) { element.hidden = !visible; }

  function sayError(element, message) {
    element.textContent = message || "";
    show(element, Boolean(message));
  }

  function when(iso) {
    if (!iso) return null;
    const moment = new Date(iso);
    if (Number.isNaN(moment.getTime())) return null;
    return C.el("time", {
      datetime: iso, title: moment.toLocaleString(), "data-relative": true, text: C.relativeTime(moment),
    });
  }

  function score(value) {
    if (value === null || value === undefined) return "–";
    return (value > 0 ? "+" : "") + Number(value).toFixed(2);
  }

  function sentimentClass(value) {
    if (value === null || value === undefined) return "sentiment-none";
    if (value <= -0.25) return "sentiment-negative";
    if (value >= 0.25) return "sentiment-positive";
    return "sentiment-neutral";
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) {
      element.setAttribute(name, String(attributes[name]));
    });
    return element;
  }

  // The latest scores (-1 to 1) as a small line over a zero line; null without two.
  function sparkline(scores) {
    if (!scores || scores.length < 2) return null;
    const width = 64;
    const height = 20;
    const step = width / (scores.length - 1);
    const y = function (value) { return ((1 - value) / 2 * (height - 4) + 2).toFixed(1); };
    const points = scores.map(function (value, index) {
      return (index * step).toFixed(1) + "," + y(value);
    }).join(" ");
    const drawing = svg("svg", {
      class: "sparkline", width: width, height: height,
      viewBox: "0 0 " + width + " " + height, "aria-hidden": "true", focusable: "false",
    });
    drawing.append(svg("line", { class: "zero", x1: 0, x2: width, y1: y(0), y2: y(0) }));
    drawing.append(svg("polyline", { class: "trend", points: points }));
    return drawing;
  }

  // Sentiment: the sparkline, an arrow and the mean, with the same in words for readers.
  function sentiment(data) {
    const trend = data.trend || "unknown";
    const words = "Sentiment mean " + score(data.mean)
      + (TREND_WORDS[trend] ? ", " + TREND_WORDS[trend] : "")
      + (data.recent && data.recent.length ? " (latest: " + data.recent.map(score).join(", ") + ")" : "");
    return C.el("span", { class: "sentiment trend-" + trend, title: words },
      sparkline(data.recent),
      TREND_ARROWS[trend] ? C.el("span", { class: "arrow", "aria-hidden": "true", text: TREND_ARROWS[trend] }) : null,
      C.el("span", { class: sentimentClass(data.mean), "aria-hidden": "true", text: score(data.mean) }),
      C.el("span", { class: "visually-hidden", text: words }));
  }

  function statusPill(ticket) {
    if (ticket.status === "closed") return C.el("span", { class: "pill", text: "closed" });
    if (!ticket.assigned_agent) return C.el("span", { class: "pill warn", text: "waiting" });
    return C.el("span", {
      class: "pill " + (ticket.mine ? "pill-mine" : ""),
      text: ticket.mine ? "yours" : "with " + ticket.assigned_agent,
    });
  }

  // --- the list ----------------------------------------------------------------------

  function ticketItem(ticket) {
    const number = ticket.ticket_number;
    const selected = state.selected === number;
    const button = C.el("button", {
      type: "button",
      class: "ticket-button",
      "data-ticket": number,
      "aria-current": selected ? "true" : null,
    },
      C.el("span", { class: "ticket-line" },
        C.el("strong", { class: "ticket-number", text: number }),
        statusPill(ticket),
        state.fresh.has(number) ? C.el("span", { class: "pill pill-new", text: "new" }) : null,
        state.unread.has(number) ? C.el("span", { class: "pill pill-new", text: "new message" }) : null,
        C.el("span", { class: "ticket-time" }, when(ticket.last_activity_at))),
      C.el("span", { class: "ticket-line" },
        C.el("span", { class: "pill", title: "Language", text: ticket.language || "?" }),
        C.el("span", { class: "pill", title: "Channel", text: ticket.channel || "?" }),
        ticket.value_tier ? C.el("span", { class: "pill pill-tier", title: "Customer value tier", text: ticket.value_tier + " tier" }) : null,
        C.el("span", { class: "reason", text: ticket.reason_label })),
      C.el("span", { class: "ticket-line" },
        sentiment(ticket.sentiment),
        C.el("span", { class: "ticket-order", text: ticket.verified_order ? "Order " + ticket.verified_order : "No verified order" })));
    return C.el("li", { class: "ticket" + (selected ? " is-selected" : "") }, button);
  }

  function renderList() {
    list.replaceChildren.apply(list, state.tickets.map(ticketItem));
    show($("list-empty"), state.tickets.length === 0);
    show($("more-tickets"), Boolean(state.nextCursor));
  }

  function announce(added) {
    if (!added.length) return;
    $("list-announce").textContent = added.length === 1
      ? "New ticket " + added[0] + "."
      : added.length + " new tickets: " + added.join(", ") + ".";
  }

  async function fetchList(cursor) {
    const query = new URLSearchParams({ status: state.status });
    if (cursor) query.set("cursor", cursor);
    return C.fetchJSON(API + "/tickets?" + query.toString());
  }

  // Fetch the first page again (one fetch at a time; a request meanwhile runs once after).
  async function loadList() {
    if (state.loadingList) {
      state.listAgain = true;
      return state.loadingList;
    }
    state.loadingList = (async function () {
      try {
        const data = await fetchList(null);
        const numbers = data.tickets.map(function (ticket) { return ticket.ticket_number; });
        if (state.known) {
          const added = numbers.filter(function (number) { return !state.known.has(number); });
          added.forEach(function (number) { state.fresh.add(number); });
          announce(added);
        }
        state.known = new Set(numbers.concat(state.known ? Array.from(state.known) : []));
        state.tickets = data.tickets;
        state.nextCursor = data.next_cursor;
        sayError($("list-error"), "");
        renderList();
      } catch (error) {
        sayError($("list-error"), error.message);
      }
    })();
    try {
      await state.loadingList;
    } finally {
      state.loadingList = null;
    }
    if (state.listAgain) {
      state.listAgain = false;
      await loadList();
    }
  }

  async function loadMore() {
    if (!state.nextCursor) return;
    try {
      const data = await fetchList(state.nextCursor);
      const shown = new Set(state.tickets.map(function (ticket) { return ticket.ticket_number; }));
      data.tickets.forEach(function (ticket) {
        if (!shown.has(ticket.ticket_number)) state.tickets.push(ticket);
        if (state.known) state.known.add(ticket.ticket_number);
      });
      state.nextCursor = data.next_cursor;
      renderList();
    } catch (error) {
      sayError($("list-error"), error.message);
    }
  }

  // --- one ticket ----------------------------------------------------------------------

  function fact(label, value) {
    return C.el("div", {}, C.el("dt", { text: label }), C.el("dd", {}, value));
  }

  function lineKey(line) {
    return [line.at, line.speaker, line.author || "", line.text].join("\u0000");
  }

  function transcriptLine(line) {
    const speaker = line.speaker === "agent" && line.author
      ? "Agent " + line.author
      : SPEAKERS[line.speaker] || "";
    return C.el("li", { class: "line from-" + line.speaker },
      C.el("span", { class: "speaker", text: speaker }),
      when(line.at) || C.el("span"),
      C.el("span", { class: "text", "data-message": line.speaker, text: line.text }));
  }

  function renderDetail(detail) {
    const ticket = detail.ticket;
    $("detail-heading").textContent = "Ticket " + ticket.ticket_number;
    show($("detail-hint"), false);
    show($("detail-body"), true);
    const facts = $("detail-facts");
    facts.replaceChildren.apply(facts, [
      fact("Status", statusPill(ticket)),
      fact("Reason", ticket.reason_label),
      fact("Language", ticket.language || "?"),
      fact("Channel", ticket.channel || "?"),
      fact("Sentiment", sentiment(ticket.sentiment)),
      fact("Verified order", ticket.verified_order || "none"),
      fact("Customer tier", ticket.value_tier || "unknown"),
      fact("Opened", when(ticket.created_at)),
      fact("Last activity", when(ticket.last_activity_at)),
      ticket.previous_ticket ? fact("Previous ticket", ticket.previous_ticket) : null,
    ].filter(Boolean));
    $("detail-summary").textContent = ticket.summary || "";
    show($("detail-summary"), Boolean(ticket.summary));
    show($("take-ticket"), detail.can_take);
    show($("hand-back"), detail.can_hand_back);
    show(replyForm, detail.can_reply);
    $("holder-note").textContent = ticket.status === "closed"
      ? "This ticket is closed: the conversation is shown up to its closing."
      : ticket.assigned_agent && !ticket.mine ? ticket.assigned_agent + " has this ticket." : "";
    show($("redacted-note"), detail.redacted && ticket.status !== "closed");

    const transcript = $("transcript");
    const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
    const other = state.detail === null || state.detail.ticket.ticket_number !== ticket.ticket_number;
    const keys = detail.transcript.map(lineKey);
    const shown = other ? [] : state.lines;
    if (!other && shown.length <= keys.length && shown.every(function (key, i) { return key === keys[i]; })) {
      // Only what is new goes in, so screen readers announce just that (aria-live).
      detail.transcript.slice(shown.length).forEach(function (line) {
        transcript.append(transcriptLine(line));
      });
    } else {
      transcript.replaceChildren.apply(transcript, detail.transcript.map(transcriptLine));
    }
    state.lines = keys;
    if (atBottom || other) transcript.scrollTop = transcript.scrollHeight;
    C.refreshTimes(root);
    state.detail = detail;
  }

  async function loadDetail() {
    const number = state.selected;
    if (!number) return;
    if (state.loadingDetail) {
      state.detailAgain = true;
      return state.loadingDetail;
    }
    state.loadingDetail = (async function () {
      try {
        const detail = await C.fetchJSON(API + "/tickets/" + encodeURIComponent(number));
        if (state.selected !== number) return;
        sayError($("detail-error"), "");
        renderDetail(detail);
      } catch (error) {
        if (state.selected !== number) return;
        sayError($("detail-error"), error.status === 404
          ? "This ticket is not yours to open (or no longer exists)."
          : error.message);
        if (error.status === 404) show($("detail-body"), false);
      }
    })();
    try {
      await state.loadingDetail;
    } finally {
      state.loadingDetail = null;
    }
    if (state.detailAgain) {
      state.detailAgain = false;
      await loadDetail();
    }
  }

  function select(number) {
    if (state.selected !== number) {
      state.selected = number;
      state.detail = null;
      replyText.value = "";
      $("reply-result").textContent = "";
      $("transcript").replaceChildren();
    }
    state.unread.delete(number);
    state.fresh.delete(number);
    const url = new URL(window.location.href);
    url.searchParams.set("ticket", number);
    window.history.replaceState(null, "", url.pathname + url.search);
    renderList();
    return loadDetail();
  }

  async function act(path, body) {
    const number = state.selected;
    if (!number) return null;
    sayError($("detail-error"), "");
    try {
      const data = await C.fetchJSON(API + "/tickets/" + encodeURIComponent(number) + "/" + path, {
        method: "POST",
        body: body || {},
      });
      await Promise.all([loadDetail(), loadList()]);
      return data;
    } catch (error) {
      sayError($("detail-error"), error.message);
      await loadDetail();
      return null;
    }
  }

  // --- live updates --------------------------------------------------------------------

  function live(text, kind) {
    liveStatus.textContent = text;
    liveStatus.dataset.state = kind;
  }

  // The ticket numbers listed under `key` in an event's data ([] when there are none).
  function parse(event, key) {
    try {
      const data = JSON.parse(event.data);
      return data && Array.isArray(data[key || "tickets"]) ? data[key || "tickets"] : [];
    } catch (_error) {
      return [];
    }
  }

  function connect() {
    if (state.source) state.source.close();
    const source = new EventSource(EVENTS);
    state.source = source;
    source.addEventListener("ready", function () {
      live("Live: new tickets and messages appear by themselves.", "live");
      loadList();
      loadDetail();
    });
    source.addEventListener("tickets", function (event) {
      loadList();
      if (state.selected && parse(event).indexOf(state.selected) >= 0) loadDetail();
    });
    source.addEventListener("messages", function (event) {
      const numbers = parse(event);
      parse(event, "shopper").forEach(function (number) {
        if (number !== state.selected) state.unread.add(number);
      });
      if (state.selected && numbers.indexOf(state.selected) >= 0) loadDetail();
      loadList();
    });
    source.addEventListener("signed-out", function () {
      source.close();
      C.fetchJSON("/console/api/me").catch(function () { /* a 401 goes to the sign-in page */ });
    });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        // Refused (401, 503): ask who we are (a 401 goes to the sign-in page), retry later.
        live("Live updates paused; trying again…", "paused");
        C.fetchJSON("/console/api/me").then(function () {
          window.setTimeout(function () { if (state.source === source) connect(); }, RECONNECT_MS);
        }, function () { /* signing in again */ });
      } else {
        live("Live updates interrupted; reconnecting…", "paused");
      }
    });
  }

  // --- wiring --------------------------------------------------------------------------

  list.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-ticket]");
    if (button) select(button.dataset.ticket);
  });

  statusFilter.addEventListener("change", function () {
    state.status = statusFilter.value;
    state.known = null;
    state.fresh.clear();
    loadList();
  });

  $("more-tickets").addEventListener("click", loadMore);

  $("take-ticket").addEventListener("click", async function (event) {
    event.currentTarget.disabled = true;
    try {
      if (await act("take")) replyText.focus();
    } finally {
      $("take-ticket").disabled = false;
    }
  });

  $("hand-back").addEventListener("click", async function (event) {
    const button = event.currentTarget;
    if (!window.confirm(button.dataset.confirmText)) return;
    button.disabled = true;
    try {
      await act("handback");
    } finally {
      button.disabled = false;
    }
  });

  replyForm.addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = replyText.value.trim();
    if (!text) return;
    const send = replyForm.querySelector('button[type="submit"]');
    send.disabled = true;
    $("reply-result").textContent = "Sending…";
    try {
      const sent = await act("messages", { text: text });
      if (sent) {
        replyText.value = "";
        $("reply-result").textContent = "Sent.";
      } else {
        $("reply-result").textContent = "";
      }
    } finally {
      send.disabled = false;
    }
  });

  replyText.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      replyForm.requestSubmit();
    }
  });

  window.addEventListener("pagehide", function () {
    if (state.source) state.source.close();
  });

  const asked = new URLSearchParams(window.location.search).get("ticket");
  loadList().then(function () {
    if (asked && /^T-[0-9]{6,12}$/.test(asked)) select(asked);
  });
  connect();
})();
