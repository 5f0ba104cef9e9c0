/* Shopbot support console: helpers every console page shares (window.ShopbotConsole).
 *
 *  - fetchJSON(url, {method, body}): same-origin fetch that sends the session's CSRF token
 *    on state-changing requests, JSON in and out; a 401 goes to the sign-in page.
 *  - el(tag, attributes, ...children): builds elements; children are text unless they are
 *    nodes, so data from the server is never parsed as HTML.
 *  - escapeHTML(text), relativeTime(date), refreshTimes(root): <time data-relative> elements
 *    show "5 min ago" with the exact time as their title.
 *  - forms with data-confirm="question" ask before they are submitted.
 *
 * No inline scripts: the page's CSP allows only files from this server.
 */
(function () {
  "use strict";

  class ConsoleError extends Error {
    constructor(message, status, data) {
      super(message);
      this.name = "ConsoleError";
      this.status = status;
      this.data = data;
    }
  }

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") || "" : "";
  }

  function signInAgain() {
    const here = window.location.pathname + window.location.search;
    window.location.assign("/console/login?next=" + encodeURIComponent(here));
  }

  async function fetchJSON(url, options) {
    const settings = Object.assign({}, options || {});
    const method = (settings.method || "GET").toUpperCase();
    const headers = new Headers(settings.headers || {});
    headers.set("Accept", "application/json");
    if (method !== "GET" && method !== "HEAD") {
      headers.set("X-CSRF-Token", csrfToken());
    }
    let body = settings.body;
    if (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof FormData)) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(body);
    }
    const response = await fetch(url, Object.assign(settings, {
      method: method,
      headers: headers,
      body: body,
      credentials: "same-origin",
      cache: "no-store",
    }));
    let data = null;
    try {
      data = await response.json();
    } catch (_error) {
      data = null;
    }
    if (response.status === 401) {
      signInAgain();
    }
    if (!response.ok) {
      const message = data && typeof data.message === "string"
        ? data.message
        : "The request failed (" + response.status + ").";
      throw new ConsoleError(message, response.status, data);
    }
    return data;
  }

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHTML(text) {
    return String(text === undefined || text === null ? "" : text).replace(/[&<>"']/g, function (c) {
      return ESCAPES[c];
    });
  }

  function el(tag, attributes) {
    const element = document.createElement(tag);
    const given = attributes || {};
    Object.keys(given).forEach(function (name) {
      const value = given[name];
      if (value === undefined || value === null || value === false) return;
      if (/^on/i.test(name)) throw new Error("event handler attributes are not allowed: " + name);
      if (name === "text") {
        element.textContent = String(value);
      } else if ((name === "href" || name === "src") && !/^(\/(?!\/)|https?:)/i.test(String(value))) {
        throw new Error("only site paths and http(s) links are allowed");
      } else {
        element.setAttribute(name, value === true ? "" : String(value));
      }
    });
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  const UNITS = [
    ["year", 365 * 24 * 3600],
    ["month", 30 * 24 * 3600],
    ["week", 7 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];
  const relativeFormat = typeof Intl !== "undefined" && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" })
    : null;

  function relativeTime(date, now) {
    const moment = date instanceof Date ? date : new Date(date);
    if (Number.isNaN(moment.getTime())) return "";
    const seconds = Math.round((moment.getTime() - (now || new Date()).getTime()) / 1000);
    if (Math.abs(seconds) < 45) return "just now";
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size || unit === "minute") {
        const amount = Math.round(seconds / size);
        if (relativeFormat) return relativeFormat.format(amount, unit);
        const count = Math.abs(amount);
        const words = count + " " + unit + (count === 1 ? "" : "s");
        return amount < 0 ? words + " ago" : "in " + words;
      }
    }
    return "";
  }

  function refreshTimes(root) {
    (root || document).querySelectorAll("time[data-relative]").forEach(function (element) {
      const value = element.getAttribute("datetime");
      if (!value) return;
      const moment = new Date(value);
      if (Number.isNaN(moment.getTime())) return;
      if (!element.title) element.title = moment.toLocaleString();
      element.textContent = relativeTime(moment);
    });
  }

  // Ask before forms marked data-confirm are sent (capture phase: before page scripts).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    refreshTimes(document);
    window.setInterval(function () { refreshTimes(document); }, 60 * 1000);
  });

  window.ShopbotConsole = Object.freeze({
    ConsoleError: ConsoleError,
    csrfToken: csrfToken,
    el: el,
    escapeHTML: escapeHTML,
    fetchJSON: fetchJSON,
    refreshTimes: refreshTimes,
    relativeTime: relativeTime,
  });
})();
