// The demo page's "Try the assistant" buttons: each sends its question to the widget.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-ask]");
    if (!button || !window.ShopbotWidget) return;
    window.ShopbotWidget.send(button.getAttribute("data-ask"));
  });
})();
