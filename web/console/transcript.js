/* A conversation's page: tags, notes, intent corrections (entities marked by selecting words
 * in the message or typed as character positions), and the admin's reveal.
 *
 * Offsets sent to the server count Unicode code points of the message as shown (redacted),
 * as Python does; the browser's own offsets (UTF-16 units) are converted. Everything from
 * the server or the shopper is put into the page as text (ShopbotConsole.el), never as HTML.
 */
(function () {
  "use strict";
  const C = window.ShopbotConsole;

  function say(container, text, kind) {
    if (!container) return;
    container.replaceChildren(C.el("span", {
      class: kind === "error" ? "error" : "ok",
      role: kind === "error" ? "alert" : null,
      text: text,
    }));
  }

  // --- Code points and selections ---------------------------------------------------------

  function codePointsBefore(text, units) {
    return Array.from(text.slice(0, units)).length;
  }

  function codePointSlice(text, start, end) {
    return Array.from(text).slice(start, end).join("");
  }

  function unitsBefore(container, node, offset) {
    const range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  // The selected span of `message` in code points, or null when the selection is elsewhere.
  function selectedSpan(message) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!message.contains(range.startContainer) || !message.contains(range.endContainer)) return null;
    const text = message.textContent;
    const start = codePointsBefore(text, unitsBefore(message, range.startContainer, range.startOffset));
    const end = codePointsBefore(text, unitsBefore(message, range.endContainer, range.endOffset));
    return end > start ? { start: start, end: end } : null;
  }

  // --- Tags -----------------------------------------------------------------------------

  function setUpTags(api) {
    const list = document.getElementById("tag-list");
    const form = document.getElementById("tag-form");
    const result = document.getElementById("tag-result");
    if (!list || !form) return;

    function render(tags) {
      list.replaceChildren.apply(list, tags.map(function (tag) {
        return C.el("li", {},
          C.el("span", { class: "pill tag", text: tag }), " ",
          C.el("button", {
            type: "button", class: "link-button", "data-remove-tag": tag,
            "aria-label": "Remove the tag " + tag, text: "×",
          }));
      }));
    }

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const tag = form.elements.tag.value.trim();
      if (!tag) return;
      try {
        const data = await C.fetchJSON(api + "/tags", { method: "POST", body: { tag: tag } });
        render(data.tags);
        form.reset();
        say(result, "Tagged.");
      } catch (error) {
        say(result, error.message, "error");
      }
    });

    list.addEventListener("click", async function (event) {
      const button = event.target instanceof Element ? event.target.closest("[data-remove-tag]") : null;
      if (!button) return;
      const tag = button.getAttribute("data-remove-tag");
      try {
        const data = await C.fetchJSON(api + "/tags/" + encodeURIComponent(tag), { method: "DELETE" });
        render(data.tags);
        say(result, "Tag removed.");
      } catch (error) {
        say(result, error.message, "error");
      }
    });
  }

  // --- Notes ----------------------------------------------------------------------------

  function setUpNotes(api) {
    const list = document.getElementById("note-list");
    const form = document.getElementById("note-form");
    const result = document.getElementById("note-result");
    if (!list || !form) return;
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const body = form.elements.body.value;
      if (!body.trim()) return;
      try {
        const note = await C.fetchJSON(api + "/notes", { method: "POST", body: { body: body } });
        const item = C.el("li", { class: "note" },
          C.el("p", { class: "note-meta" },
            C.el("span", { class: "author", text: note.author }), " · ",
            C.el("time", { datetime: note.created_at, "data-relative": true, text: note.created_at })),
          C.el("p", { class: "note-body", text: note.body }));
        list.append(item);
        C.refreshTimes(item);
        form.reset();
        say(result, "Note added.");
      } catch (error) {
        say(result, error.message, "error");
      }
    });
  }

  // --- Corrections ----------------------------------------------------------------------

  function setUpCorrection(api, form) {
    const turn = form.closest(".turn");
    const message = turn.querySelector("[data-message]");
    const text = message.textContent;
    const length = Array.from(text).length;
    const list = form.querySelector("[data-entity-list]");
    const result = form.querySelector("[data-result]");
    const status = turn.querySelector("[data-correction-status]");
    let entities = [];
    try {
      entities = JSON.parse(form.getAttribute("data-entities") || "[]");
    } catch (_error) {
      entities = [];
    }
    entities = entities.filter(function (entity) {
      return Number.isInteger(entity.start) && Number.isInteger(entity.end)
        && entity.start >= 0 && entity.end <= length && entity.start < entity.end;
    });

    // The message with its entities marked (as text nodes and <mark> elements).
    function highlight() {
      const points = Array.from(text);
      const parts = [];
      let at = 0;
      entities.forEach(function (entity) {
        if (entity.start > at) parts.push(points.slice(at, entity.start).join(""));
        parts.push(C.el("mark", { class: "entity", title: entity.entity, text: points.slice(entity.start, entity.end).join("") }));
        at = entity.end;
      });
      if (at < points.length) parts.push(points.slice(at).join(""));
      message.replaceChildren.apply(message, parts);
    }

    function render() {
      entities.sort(function (a, b) { return a.start - b.start; });
      list.replaceChildren.apply(list, entities.map(function (entity, index) {
        return C.el("li", {},
          C.el("span", { class: "pill entity", text: entity.entity }), " ",
          C.el("q", { text: codePointSlice(text, entity.start, entity.end) }),
          entity.value ? C.el("span", { class: "muted", text: " = " + entity.value }) : null, " ",
          C.el("button", {
            type: "button", class: "link-button", "data-remove-entity": String(index),
            "aria-label": "Remove this entity", text: "×",
          }));
      }));
      if (!entities.length) list.append(C.el("li", { class: "muted", text: "none" }));
      highlight();
    }

    function add(start, end) {
      const points = Array.from(text);
      while (start < end && /\s/.test(points[start])) start++;
      while (end > start && /\s/.test(points[end - 1])) end--;
      if (!(Number.isInteger(start) && Number.isInteger(end)) || start < 0 || end > length || start >= end) {
        say(result, "Choose words within the message.", "error");
        return;
      }
      if (entities.some(function (entity) { return start < entity.end && entity.start < end; })) {
        say(result, "Entities may not overlap: remove the other one first.", "error");
        return;
      }
      entities.push({ start: start, end: end, entity: form.elements.entity.value });
      render();
      say(result, "Entity marked; save to keep it.");
    }

    form.querySelector("[data-add-selection]").addEventListener("click", function () {
      const span = selectedSpan(message);
      if (!span) {
        say(result, "First select words in the message above.", "error");
        return;
      }
      add(span.start, span.end);
      window.getSelection().removeAllRanges();
    });

    form.querySelector("[data-add-typed]").addEventListener("click", function () {
      add(parseInt(form.elements.start.value, 10), parseInt(form.elements.end.value, 10));
    });

    list.addEventListener("click", function (event) {
      const button = event.target instanceof Element ? event.target.closest("[data-remove-entity]") : null;
      if (!button) return;
      entities.splice(parseInt(button.getAttribute("data-remove-entity"), 10), 1);
      render();
    });

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const kind = event.submitter && event.submitter.value === "example" ? "example" : "correction";
      const body = {
        intent: form.elements.intent.value,
        language: form.elements.language.value.trim(),
        entities: entities,
        kind: kind,
      };
      try {
        const saved = await C.fetchJSON(
          api + "/turns/" + form.getAttribute("data-position") + "/correction", { method: "POST", body: body });
        const label = saved.kind === "example" ? "Example" : "Corrected";
        status.replaceChildren(label + ": ", C.el("strong", { text: saved.intent }),
          " (" + saved.status + ", " + saved.author + ")");
        say(result, (saved.kind === "example" ? "Added as an example" : "Correction saved") +
          ": " + saved.intent + ". It waits on the Corrections page.");
      } catch (error) {
        say(result, error.message, "error");
      }
    });

    render();
  }

  // --- Reveal (admins) ------------------------------------------------------------------

  function setUpReveal(api) {
    const button = document.getElementById("reveal-button");
    const section = document.getElementById("revealed");
    const body = document.getElementById("revealed-body");
    if (!button || !section || !body) return;
    button.addEventListener("click", async function () {
      if (!window.confirm(button.getAttribute("data-confirm-text"))) return;
      button.disabled = true;
      try {
        const data = await C.fetchJSON(api + "/reveal", { method: "POST" });
        const list = C.el("ol", { class: "transcript" });
        (data.transcript.turns || []).forEach(function (turn) {
          list.append(C.el("li", { class: "line from-shopper" },
            C.el("span", { class: "speaker", text: "shopper" }),
            C.el("time", { datetime: turn.at || "", text: turn.at || "" }),
            C.el("span", { class: "text", text: turn.text || "" })));
          (turn.replies || []).forEach(function (reply) {
            list.append(C.el("li", { class: "line " + (reply.agent ? "from-agent" : "from-bot") },
              C.el("span", { class: "speaker", text: reply.agent ? "agent " + reply.agent : "bot" }),
              C.el("time", { datetime: reply.at || "", text: reply.at || "" }),
              C.el("span", { class: "text", text: reply.text || "" })));
          });
        });
        const comment = data.transcript.conversation && data.transcript.conversation.comment;
        body.replaceChildren(
          C.el("p", { class: "muted", text: "Revealed by " + data.revealed_by + " at " + data.revealed_at + "." }),
          list,
          comment ? C.el("p", {}, C.el("strong", { text: "Comment: " }), comment) : "");
        section.hidden = false;
        section.scrollIntoView({ block: "start" });
      } catch (error) {
        body.replaceChildren(C.el("p", { class: "error", role: "alert", text: error.message }));
        section.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const root = document.getElementById("conversation");
    if (!root) return;
    const api = root.getAttribute("data-api");
    setUpTags(api);
    setUpNotes(api);
    root.querySelectorAll("form.correction-form").forEach(function (form) { setUpCorrection(api, form); });
    setUpReveal(api);
  });
})();
