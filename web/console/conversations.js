/* The conversation list: the filter form sends only the filters that are set, so the URL
 * (shareable, bookmarkable, the back button's) stays short and readable. */
(function () {
  "use strict";

  const DEFAULTS = { sort: "last_activity", order: "desc", size: "25" };

  function unused(element) {
    if (!element.name || element.disabled || element.type === "submit") return false;
    if (element.type === "checkbox" || element.type === "radio") return false;
    if (element instanceof HTMLSelectElement && element.multiple) return false;
    return element.value === "" || DEFAULTS[element.name] === element.value;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("conversation-filters");
    if (!form) return;
    form.addEventListener("submit", function () {
      Array.from(form.elements).forEach(function (element) {
        if (unused(element)) element.disabled = true;
      });
    });
    // Coming back from the next page (back/forward cache), the fields work again.
    window.addEventListener("pageshow", function () {
      Array.from(form.elements).forEach(function (element) { element.disabled = false; });
    });
  });
})();
