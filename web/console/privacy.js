/* The privacy page (admins): reveal one conversation unredacted, erase a shopper's data.
 * Every value from the server is put into the page as text (ShopbotConsole.el). */
(function () {
  "use strict";
  const C = window.ShopbotConsole;

  function show(container, ...children) {
    container.replaceChildren(...children);
  }

  function failure(container, error) {
    show(container, C.el("p", { class: "error", role: "alert", text: error.message }));
  }

  function line(kind, who, at, text) {
    return C.el("li", { class: "line from-" + kind },
      C.el("span", { class: "speaker", text: who }),
      C.el("time", { datetime: at || "", "data-relative": true, text: at || "" }),
      C.el("span", { class: "text", text: text || "" }));
  }

  // The unredacted transcript: each shopper turn, then the bot's and agents' replies.
  function transcript(data) {
    const list = C.el("ol", { class: "transcript" });
    const turns = (data.transcript && data.transcript.turns) || [];
    turns.forEach(function (turn) {
      if (turn.text) {
        const intent = turn.intent ? "shopper · " + turn.intent : "shopper";
        list.append(line("shopper", intent, turn.at, turn.text));
      }
      (turn.replies || []).forEach(function (reply) {
        const kind = reply.agent ? "agent" : "bot";
        const who = reply.agent ? "agent (" + reply.agent + ")" : "bot";
        list.append(line(kind, who, reply.at, reply.text));
      });
    });
    if (!turns.length) list.append(C.el("li", { class: "muted", text: "No turns." }));
    C.refreshTimes(list);
    return list;
  }

  function summary(data) {
    const message = (data && data.message) || "Erased.";
    const removed = data && typeof data.removed === "object" && data.removed !== null ? data.removed : {};
    const list = C.el("ul", { class: "counts" });
    Object.keys(removed).sort().forEach(function (name) {
      list.append(C.el("li", { text: name + ": " + removed[name] }));
    });
    return C.el("div", {}, C.el("p", { class: "notice", role: "status", text: message }), list);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const revealForm = document.getElementById("reveal-form");
    const revealResult = document.getElementById("reveal-result");
    revealForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const id = revealForm.elements.conversation_id.value.trim();
      if (!id) return;
      show(revealResult, C.el("p", { class: "muted", text: "Loading…" }));
      try {
        const data = await C.fetchJSON(
          "/console/api/conversations/" + encodeURIComponent(id) + "/reveal", { method: "POST" });
        show(revealResult,
          C.el("p", { class: "muted", text: "Revealed by " + data.revealed_by + "; recorded in the audit log." }),
          transcript(data));
      } catch (error) {
        failure(revealResult, error);
      }
    });

    const eraseForm = document.getElementById("erase-form");
    const eraseResult = document.getElementById("erase-result");
    eraseForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const kind = eraseForm.elements.kind.value === "conversation_id" ? "conversation_id" : "email";
      const value = eraseForm.elements.value.value.trim();
      if (!value) return;
      const body = {};
      body[kind] = value;
      show(eraseResult, C.el("p", { class: "muted", text: "Erasing…" }));
      try {
        show(eraseResult, summary(await C.fetchJSON("/console/api/privacy/erase", { method: "POST", body: body })));
        eraseForm.reset();
      } catch (error) {
        failure(eraseResult, error);
      }
    });
  });
})();
