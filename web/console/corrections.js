/* The corrections page: mark a correction done, dismiss it, or open it again. */
(function () {
  "use strict";
  const C = window.ShopbotConsole;

  document.addEventListener("DOMContentLoaded", function () {
    const result = document.getElementById("status-result");
    document.addEventListener("click", async function (event) {
      const button = event.target instanceof Element ? event.target.closest("[data-set-status]") : null;
      if (!button) return;
      const row = button.closest("[data-correction]");
      const id = row ? row.getAttribute("data-correction") : "";
      if (!/^\d+$/.test(id || "")) return;
      const status = button.getAttribute("data-set-status");
      button.disabled = true;
      try {
        const changed = await C.fetchJSON("/console/api/corrections/" + id + "/status", {
          method: "POST",
          body: { status: status },
        });
        row.querySelector("[data-status-label]").textContent = changed.status;
        row.querySelector("[data-status-label]").className = "pill status-" + changed.status;
        row.querySelectorAll("[data-set-status]").forEach(function (other) {
          other.hidden = other.getAttribute("data-set-status") === changed.status;
        });
        result.replaceChildren(C.el("span", { class: "ok", text: "Marked " + changed.status + "." }));
      } catch (error) {
        result.replaceChildren(C.el("span", { class: "error", role: "alert", text: error.message }));
      } finally {
        button.disabled = false;
      }
    });
  });
})();
