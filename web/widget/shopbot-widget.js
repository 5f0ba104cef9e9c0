/*!
 * Shopbot website widget: the shop's assistant in a chat panel, over Rasa's socket.io
 * channel (bot/channels/socketio.py). Plain JavaScript, no build step. Embed it with one tag:
 *
 *   <script src="https://assistant.example.com/widget/shopbot-widget.js"
 *           data-server-url="https://bot.example.com" data-language="en" defer></script>
 *
 * Every option is in docs/widget.md. Safety rules kept throughout this file: text from the
 * bot or the shopper only ever becomes text nodes (textContent, never innerHTML); links and
 * images only when `new URL(x).protocol` is http: or https: (images may be relative to the
 * widget's own address).
 */
(function () {
  "use strict";

  // Loaded twice (a string: an injected form named ShopbotWidget has elements, not strings).
  if (window.ShopbotWidget && typeof window.ShopbotWidget.version === "string") return;

  var VERSION = "1.0.0";
  // The embedding tag. Read through Document.prototype: injected HTML can clobber
  // `document.currentScript` and `document.querySelectorAll` (`<img name="currentScript">`).
  var SCRIPT = widgetScript();
  // Where the widget was loaded from: relative addresses (the options' files, the demo
  // catalog's pictures) are resolved against it.
  var SCRIPT_URL = (SCRIPT && SCRIPT.src) || window.location.href;
  var LANGUAGES = ["en", "es", "fr", "de", "it", "pt", "nl", "zh"];
  var LANGUAGE_NAMES = {
    en: "English", es: "Español", fr: "Français", de: "Deutsch",
    it: "Italiano", pt: "Português", nl: "Nederlands", zh: "中文",
  };
  var MAX_ITEMS = 150; // transcript entries kept in storage
  var MAX_INPUT = 2000; // characters a shopper can type in one message
  var MAX_CARDS = 12;
  var MAX_TEXT = 5000;
  var TYPING_TIMEOUT_MS = 30000;
  var SILENT_TURN_TIMEOUT_MS = 15000;

  // --- UI strings (the bot's own words come from the bot) -------------------------------
  var STRINGS = {
    en: {
      title: "Shop assistant", online: "Online · replies in seconds", connecting: "Connecting…",
      offline: "Can't reach the assistant. Retrying…",
      unavailable: "The chat is unavailable right now. Please try again later.",
      open: "Open chat", close: "Close chat", inputLabel: "Message", placeholder: "Type a message…",
      send: "Send", typing: "The assistant is typing…", language: "Language", view: "View",
      newTab: "(opens in a new tab)", outOfStock: "Out of stock", products: "Products",
      suggestions: "Suggested replies", you: "You", bot: "Assistant",
      restart: "Start a new conversation", restarted: "New conversation",
      tooLong: "That message is too long. Please shorten it.",
      notSent: "Not sent yet: waiting for the connection", previous: "Previous products",
      next: "More products", welcome: "Ask about products, your order, shipping or returns.",
      unread: "new messages",
      tooFast: "You're sending messages too quickly. Please wait a moment.",
      expired: "Your earlier conversation has ended. This is a new one.",
    },
    es: {
      title: "Asistente de la tienda", online: "En línea · responde en segundos",
      connecting: "Conectando…", offline: "No se puede conectar con el asistente. Reintentando…",
      unavailable:
        "El chat no está disponible en este momento. Se puede volver a intentar más tarde.",
      open: "Abrir el chat", close: "Cerrar el chat", inputLabel: "Mensaje",
      placeholder: "Escribir un mensaje…", send: "Enviar", typing: "El asistente está escribiendo…",
      language: "Idioma", view: "Ver", newTab: "(se abre en una pestaña nueva)",
      outOfStock: "Agotado", products: "Productos", suggestions: "Respuestas sugeridas",
      you: "Yo", bot: "Asistente", restart: "Empezar una conversación nueva",
      restarted: "Conversación nueva", tooLong: "Este mensaje es demasiado largo: hay que acortarlo.",
      notSent: "Sin enviar: esperando la conexión", previous: "Productos anteriores",
      next: "Más productos",
      welcome: "¿Dudas sobre productos, pedidos, envíos o devoluciones? Aquí se resuelven.",
      unread: "mensajes nuevos",
      tooFast: "Demasiados mensajes en poco tiempo. Un momento, por favor.",
      expired: "La conversación anterior ha terminado. Esta es una nueva.",
    },
    fr: {
      title: "Assistant de la boutique", online: "En ligne · répond en quelques secondes",
      connecting: "Connexion…", offline: "Impossible de joindre l'assistant. Nouvelle tentative…",
      unavailable: "Le chat n'est pas disponible pour le moment. Merci de réessayer plus tard.",
      open: "Ouvrir le chat", close: "Fermer le chat", inputLabel: "Message",
      placeholder: "Saisir un message…", send: "Envoyer", typing: "L'assistant écrit…",
      language: "Langue", view: "Voir", newTab: "(s'ouvre dans un nouvel onglet)",
      outOfStock: "Épuisé", products: "Produits", suggestions: "Réponses suggérées",
      you: "Moi", bot: "Assistant", restart: "Commencer une nouvelle conversation",
      restarted: "Nouvelle conversation", tooLong: "Ce message est trop long. Merci de le raccourcir.",
      notSent: "Pas encore envoyé : en attente de connexion", previous: "Produits précédents",
      next: "Plus de produits",
      welcome: "Une question sur nos produits, une commande, la livraison ou les retours ? C'est ici.",
      unread: "nouveaux messages",
      tooFast: "Messages envoyés trop vite. Merci de patienter un instant.",
      expired: "La conversation précédente est terminée. En voici une nouvelle.",
    },
    de: {
      title: "Shop-Assistent", online: "Online · antwortet in Sekunden", connecting: "Verbinde…",
      offline: "Der Assistent ist nicht erreichbar. Neuer Versuch…",
      unavailable: "Der Chat ist gerade nicht verfügbar. Bitte später noch einmal versuchen.",
      open: "Chat öffnen", close: "Chat schließen", inputLabel: "Nachricht",
      placeholder: "Nachricht eingeben…", send: "Senden", typing: "Der Assistent schreibt…",
      language: "Sprache", view: "Ansehen", newTab: "(öffnet in neuem Tab)",
      outOfStock: "Ausverkauft", products: "Produkte", suggestions: "Antwortvorschläge",
      you: "Ich", bot: "Assistent", restart: "Neues Gespräch beginnen", restarted: "Neues Gespräch",
      tooLong: "Diese Nachricht ist zu lang. Bitte kürzer fassen.",
      notSent: "Noch nicht gesendet: warte auf Verbindung", previous: "Vorherige Produkte",
      next: "Weitere Produkte",
      welcome: "Fragen zu Produkten, Bestellungen, Versand oder Rücksendungen? Einfach hier schreiben.",
      unread: "neue Nachrichten",
      tooFast: "Zu viele Nachrichten in kurzer Zeit. Bitte einen Moment warten.",
      expired: "Das vorherige Gespräch ist beendet. Dies ist ein neues.",
    },
    it: {
      title: "Assistente del negozio", online: "Online · risponde in pochi secondi",
      connecting: "Connessione…", offline: "Impossibile raggiungere l'assistente. Nuovo tentativo…",
      unavailable: "La chat non è disponibile al momento. Riprovare più tardi.",
      open: "Apri la chat", close: "Chiudi la chat", inputLabel: "Messaggio",
      placeholder: "Scrivere un messaggio…", send: "Invia", typing: "L'assistente sta scrivendo…",
      language: "Lingua", view: "Vedi", newTab: "(si apre in una nuova scheda)",
      outOfStock: "Esaurito", products: "Prodotti", suggestions: "Risposte suggerite",
      you: "Io", bot: "Assistente", restart: "Inizia una nuova conversazione",
      restarted: "Nuova conversazione", tooLong: "Il messaggio è troppo lungo: va accorciato.",
      notSent: "Non ancora inviato: in attesa di connessione", previous: "Prodotti precedenti",
      next: "Altri prodotti",
      welcome: "Domande su prodotti, ordini, spedizioni o resi? Siamo qui per rispondere.",
      unread: "nuovi messaggi",
      tooFast: "Troppi messaggi in poco tempo. Attendere un momento.",
      expired: "La conversazione precedente è terminata. Questa è nuova.",
    },
    pt: {
      title: "Assistente da loja", online: "Online · responde em segundos",
      connecting: "A ligar…", offline: "Não foi possível ligar ao assistente. A tentar novamente…",
      unavailable: "O chat não está disponível neste momento. Tentar novamente mais tarde.",
      open: "Abrir o chat", close: "Fechar o chat", inputLabel: "Mensagem",
      placeholder: "Escrever uma mensagem…", send: "Enviar", typing: "O assistente está a escrever…",
      language: "Idioma", view: "Ver", newTab: "(abre num novo separador)", outOfStock: "Esgotado",
      products: "Produtos", suggestions: "Respostas sugeridas", you: "Eu", bot: "Assistente",
      restart: "Iniciar uma nova conversa", restarted: "Nova conversa",
      tooLong: "Esta mensagem é demasiado longa: é preciso encurtá-la.",
      notSent: "Ainda não enviada: a aguardar ligação", previous: "Produtos anteriores",
      next: "Mais produtos",
      welcome: "Dúvidas sobre produtos, encomendas, entregas ou devoluções? É aqui.",
      unread: "mensagens novas",
      tooFast: "Demasiadas mensagens em pouco tempo. Um momento, por favor.",
      expired: "A conversa anterior terminou. Esta é uma nova.",
    },
    nl: {
      title: "Winkelassistent", online: "Online · antwoordt binnen enkele seconden",
      connecting: "Verbinden…", offline: "De assistent is niet bereikbaar. Opnieuw proberen…",
      unavailable: "De chat is nu niet beschikbaar. Probeer het later opnieuw.",
      open: "Chat openen", close: "Chat sluiten", inputLabel: "Bericht",
      placeholder: "Typ een bericht…", send: "Verzenden", typing: "De assistent is aan het typen…",
      language: "Taal", view: "Bekijken", newTab: "(opent in een nieuw tabblad)",
      outOfStock: "Uitverkocht", products: "Producten", suggestions: "Voorgestelde antwoorden",
      you: "Ik", bot: "Assistent", restart: "Nieuw gesprek beginnen", restarted: "Nieuw gesprek",
      tooLong: "Dit bericht is te lang. Maak het korter.",
      notSent: "Nog niet verzonden: wachten op verbinding", previous: "Vorige producten",
      next: "Meer producten", welcome: "Vragen over producten, bestellingen, verzending of retouren? Stel ze hier.",
      unread: "nieuwe berichten",
      tooFast: "Te veel berichten in korte tijd. Wacht even.",
      expired: "Het vorige gesprek is afgelopen. Dit is een nieuw gesprek.",
    },
    zh: {
      title: "商店助手", online: "在线 · 几秒内回复", connecting: "正在连接…",
      offline: "无法连接到助手，正在重试…", unavailable: "聊天暂时不可用，请稍后再试。",
      open: "打开聊天", close: "关闭聊天", inputLabel: "消息", placeholder: "输入消息…",
      send: "发送", typing: "助手正在输入…", language: "语言", view: "查看",
      newTab: "（在新标签页中打开）", outOfStock: "缺货", products: "商品",
      suggestions: "建议回复", you: "我", bot: "助手", restart: "开始新对话", restarted: "新对话",
      tooLong: "消息太长，请缩短后再发送。", notSent: "尚未发送：等待连接",
      previous: "上一组商品", next: "更多商品", welcome: "可以咨询商品、订单、配送或退货。",
      unread: "条新消息",
      tooFast: "发送消息过快，请稍候。",
      expired: "之前的对话已结束，这是一个新对话。",
    },
  };

  // --- small helpers ---------------------------------------------------------------------

  /** An http(s) URL as an absolute string, or null (relative URLs and other schemes too). */
  function safeUrl(raw) {
    if (typeof raw !== "string" || !raw || raw.length > 2048) return null;
    try {
      var url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function safeColor(raw) {
    return typeof raw === "string" && /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(raw.trim())
      ? raw.trim()
      : null;
  }

  function str(value, limit) {
    var text = typeof value === "string" ? value : value == null ? "" : String(value);
    return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
  }

  /** createElement with attributes (never innerHTML); children are nodes or strings (text). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    [].concat(children || []).forEach(function (child) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    });
    return node;
  }

  var ICONS = {
    chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z",
    close: "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z",
    down: "M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z",
    send: "M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z",
    restart: "M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z",
    left: "M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12z",
    right: "M8.6 16.6 10 18l6-6-6-6-1.4 1.4 4.6 4.6z",
    globe: "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.4 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4zm.8 2h3a15.7 15.7 0 0 0 1.3 3.6A8 8 0 0 1 5.1 16zm3-8h-3a8 8 0 0 1 4.3-3.6C8.8 5.6 8.4 6.8 8.1 8zM12 20c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.4-1.1 2.8-1.9 4zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4zm.3 5.6c.6-1.1 1.1-2.3 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6zm1.8-5.6a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4z",
    bag: "M7 7V6a5 5 0 0 1 10 0v1h3l-1 14H5L4 7zm2 0h6V6a3 3 0 0 0-6 0z",
    bot: "M12 2a1.5 1.5 0 0 1 1 2.6V6h4a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3H7a3 3 0 0 1-3-3V9a3 3 0 0 1 3-3h4V4.6A1.5 1.5 0 0 1 12 2zM9 11.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm6 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z",
  };

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.append(path);
    return svg;
  }

  /** Text with its http(s) URLs as links, appended to `parent` as text nodes and anchors. */
  function appendLinkified(parent, text) {
    var pattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]}'"»›]+$/, "");
      var href = safeUrl(raw);
      if (!href) continue;
      parent.append(document.createTextNode(text.slice(last, match.index)));
      parent.append(el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: raw }));
      last = match.index + raw.length;
      pattern.lastIndex = last;
    }
    parent.append(document.createTextNode(text.slice(last)));
  }

  // --- configuration ---------------------------------------------------------------------

  /** `raw` (a non-empty string) resolved against `base`, if the result is http(s). */
  function resolve(raw, base) {
    if (typeof raw !== "string" || !raw.trim() || raw.length > 2048) return null;
    try {
      return safeUrl(new URL(raw, base).href);
    } catch (error) {
      return null;
    }
  }

  /**
   * The <script> element that loaded this file: document.currentScript, else the one tag
   * whose file is shopbot-widget.js (none when there are several: one may be injected).
   */
  function widgetScript() {
    var current = null;
    try {
      current = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get.call(document);
    } catch (error) {
      current = null;
    }
    if (current instanceof HTMLScriptElement) return current;
    var tags = Document.prototype.querySelectorAll.call(document, "script[src]");
    var found = Array.prototype.filter.call(tags, function (tag) {
      try {
        return /\/shopbot-widget\.js$/.test(new URL(tag.src, window.location.href).pathname);
      } catch (error) {
        return false;
      }
    });
    return found.length === 1 ? found[0] : null;
  }

  /**
   * `window.ShopbotWidgetConfig` when the page set it as a plain object literal. Injected
   * HTML makes elements (`<a id="ShopbotWidgetConfig">`, a form, an iframe's window)
   * appear under that name: none of them has Object.prototype as its prototype.
   */
  function pageConfig() {
    var value = window.ShopbotWidgetConfig;
    if (!value || typeof value !== "object") return {};
    try {
      return Object.getPrototypeOf(value) === Object.prototype ? value : {};
    } catch (error) {
      return {};
    }
  }

  /** A value of the page's config: its own string, number or boolean, else undefined. */
  function ownValue(config, name) {
    if (!Object.prototype.hasOwnProperty.call(config, name)) return undefined;
    var value = config[name];
    var kind = typeof value;
    return kind === "string" || kind === "number" || kind === "boolean" ? String(value) : undefined;
  }

  /** `raw` resolved against the widget script, only if it is on the widget's own origin. */
  function sameOrigin(raw, scriptUrl) {
    var url = resolve(raw, scriptUrl);
    return url && new URL(url).origin === new URL(scriptUrl).origin ? url : null;
  }

  /** The page's own language: <html lang="..."> (read through the prototype, like the tag). */
  function pageLanguage() {
    try {
      var root = Document.prototype.querySelector.call(document, "html");
      return root ? Element.prototype.getAttribute.call(root, "lang") || "" : "";
    } catch (error) {
      return "";
    }
  }

  function readConfig() {
    var data = (SCRIPT && SCRIPT.dataset) || {};
    var global = pageConfig();
    function pick(name, fallback) {
      var value = ownValue(global, name);
      if (value !== undefined) return value;
      if (Object.prototype.hasOwnProperty.call(data, name)) return String(data[name]);
      return fallback;
    }
    var scriptUrl = SCRIPT_URL;
    var server = safeUrl(pick("serverUrl", "http://localhost:5005"));
    var serverUrl = server ? new URL(server) : null;
    var languages = pick("languages", LANGUAGES.join(" "))
      .split(/[\s,]+/)
      .filter(function (code) { return LANGUAGES.indexOf(code) >= 0; });
    if (!languages.length) languages = LANGUAGES.slice();
    var language = pick("language", "auto");
    if (languages.indexOf(language) < 0) {
      // auto: the page's language (<html lang>), else the browser's, else English.
      var tags = [pageLanguage()].concat(navigator.languages || [navigator.language || "en"]);
      language = tags.map(function (tag) { return String(tag || "").slice(0, 2).toLowerCase(); })
        .filter(function (code) { return languages.indexOf(code) >= 0; })[0]
        || (languages.indexOf("en") >= 0 ? "en" : languages[0]);
    }
    var basePath = serverUrl ? serverUrl.pathname.replace(/\/+$/, "") : "";
    return {
      serverOrigin: serverUrl ? serverUrl.origin : null,
      socketPath: pick("socketPath", basePath + "/socket.io"),
      language: language,
      languages: languages,
      title: pick("title", ""),
      subtitle: pick("subtitle", ""),
      colors: {
        "--shopbot-primary": safeColor(pick("primaryColor", "")),
        "--shopbot-on-primary": safeColor(pick("primaryTextColor", "")),
        "--shopbot-background": safeColor(pick("backgroundColor", "")),
        "--shopbot-text": safeColor(pick("textColor", "")),
        "--shopbot-bot-bubble": safeColor(pick("botBubbleColor", "")),
      },
      position: pick("position", "right") === "left" ? "left" : "right",
      openAtStart: pick("open", "false") === "true",
      initPayload: pick("initPayload", "/greet"),
      storage: pick("storage", "local"),
      // The shop page's signed customer token (docs/widget.md): sent with every message,
      // checked by the server, never stored by the widget.
      customerToken: /^v1\.[0-9]{1,18}\.[0-9]{1,12}\.[0-9a-f]{64}$/.test(pick("customerToken", ""))
        ? pick("customerToken", "") : "",
      zIndex: /^\d{1,10}$/.test(pick("zIndex", "")) ? pick("zIndex", "") : "2147483000",
      // The socket.io client comes from the widget's own origin, whatever the options say.
      socketioSrc: sameOrigin(pick("socketioSrc", "/vendor/socket.io.min.js"), scriptUrl)
        || sameOrigin("/vendor/socket.io.min.js", scriptUrl),
      cssUrl: resolve(pick("cssUrl", "shopbot-widget.css"), scriptUrl),
    };
  }

  // --- storage: the signed session token and a bounded transcript -------------------------

  function makeStore(kind, key) {
    var backend = null;
    try {
      backend = kind === "session" ? window.sessionStorage : kind === "none" ? null : window.localStorage;
    } catch (error) {
      backend = null; // blocked storage (sandboxed frames, strict privacy settings)
    }
    return {
      load: function () {
        if (!backend) return null;
        try {
          var value = JSON.parse(backend.getItem(key) || "null");
          return value && value.v === 1 ? value : null;
        } catch (error) {
          return null;
        }
      },
      save: function (state) {
        if (!backend) return;
        var copy = { v: 1, token: state.token, language: state.language, open: state.open,
          unread: state.unread, items: state.items.slice(-MAX_ITEMS) };
        for (var attempt = 0; attempt < 4; attempt++) {
          try {
            backend.setItem(key, JSON.stringify(copy));
            return;
          } catch (error) { // quota: keep the newer half
            copy.items = copy.items.slice(Math.floor(copy.items.length / 2));
          }
        }
      },
      clear: function () {
        if (!backend) return;
        try { backend.removeItem(key); } catch (error) { /* ignore */ }
      },
    };
  }

  /** A stored item back in shape; anything malformed is dropped. */
  function cleanItem(item) {
    if (!item || typeof item !== "object") return null;
    var from = item.from === "user" || item.from === "bot" || item.from === "note" ? item.from : null;
    if (!from) return null;
    var out = { from: from, text: str(item.text, MAX_TEXT) };
    if (Array.isArray(item.quickReplies)) out.quickReplies = item.quickReplies.map(cleanReply).filter(Boolean);
    if (Array.isArray(item.cards)) out.cards = item.cards.slice(0, MAX_CARDS).map(cleanCard).filter(Boolean);
    if (out.cards && item.textAfter) out.textAfter = str(item.textAfter, MAX_TEXT);
    if (!out.text && !(out.cards && out.cards.length)) return null;
    return out;
  }

  function cleanReply(reply) {
    if (!reply || typeof reply !== "object") return null;
    var title = str(reply.title, 80);
    var payload = str(reply.payload, 500);
    return title && payload ? { title: title, payload: payload } : null;
  }

  function cleanCard(card) {
    if (!card || typeof card !== "object") return null;
    var title = str(card.title, 160);
    if (!title) return null;
    return {
      title: title,
      priceText: str(card.price_text !== undefined ? card.price_text : card.priceText, 40),
      // A relative image (the demo catalog's pictures) is on the server the widget came from.
      imageUrl: resolve(card.image_url !== undefined ? card.image_url : card.imageUrl, SCRIPT_URL),
      url: safeUrl(card.url),
      inStock: card.in_stock !== undefined ? card.in_stock !== false : card.inStock !== false,
      details: str(card.details, 200),
      position: Number.isInteger(card.position) && card.position > 0 ? card.position : null,
    };
  }

  // --- the widget ------------------------------------------------------------------------

  function Widget(config) {
    this.config = config;
    this.key = "shopbot-widget:" + (config.serverOrigin || "none") + config.socketPath;
    this.store = makeStore(config.storage, this.key);
    var saved = this.store.load() || {};
    this.state = {
      token: typeof saved.token === "string" ? saved.token : null,
      language: config.languages.indexOf(saved.language) >= 0 ? saved.language : config.language,
      open: saved.open === true || config.openAtStart,
      unread: Number(saved.unread) || 0,
      items: (Array.isArray(saved.items) ? saved.items : []).map(cleanItem).filter(Boolean),
    };
    this.socket = null;
    this.sessionReady = false;
    this.outbox = []; // messages waiting for a confirmed session
    this.turns = []; // messages sent, waiting for the bot's answer: {silent, timer}
    this.typingTimer = null;
    this.status = "idle";
    this.greeted = this.state.items.length > 0;
    this.nodes = new WeakMap(); // transcript item -> its DOM node
  }

  Widget.prototype.t = function (key) {
    return (STRINGS[this.state.language] || STRINGS.en)[key] || STRINGS.en[key];
  };

  Widget.prototype.mount = function () {
    var self = this;
    var host = el("shopbot-widget", { "data-shopbot-version": VERSION });
    host.style.setProperty("z-index", this.config.zIndex);
    host.style.setProperty("position", "relative");
    Object.keys(this.config.colors).forEach(function (name) {
      if (self.config.colors[name]) host.style.setProperty(name, self.config.colors[name]);
    });
    var primary = this.config.colors["--shopbot-primary"];
    if (primary && !this.config.colors["--shopbot-on-primary"]) {
      host.style.setProperty("--shopbot-on-primary", readableOn(primary));
    }
    var root = host.attachShadow({ mode: "open" });
    this.host = host;
    this.root = root;
    var frame = el("div", { class: "frame position-" + this.config.position, hidden: true });
    this.frame = frame;
    var show = function () {
      frame.hidden = false;
      if (self.state.open) self.scrollToEnd(true);
    };
    if (this.config.cssUrl) {
      var link = el("link", { rel: "stylesheet", href: this.config.cssUrl });
      link.addEventListener("load", show);
      link.addEventListener("error", show);
      root.append(link);
    }
    this.build(frame);
    root.append(frame);
    // The stored transcript is drawn before the widget joins the page, so screen readers
    // do not read the whole history out as new messages.
    this.renderTranscript();
    this.applyStrings();
    this.setOpen(this.state.open, false);
    (document.body || document.documentElement).append(host);
    if (!this.config.cssUrl) show();
    if (this.state.token) this.connect(); // a conversation is going on: hear the bot and agents
    window.addEventListener("online", function () { if (self.socket && !self.socket.connected) self.socket.connect(); });
  };

  Widget.prototype.build = function (frame) {
    var self = this;
    var ids = { panel: "shopbot-panel", title: "shopbot-title", input: "shopbot-input", log: "shopbot-log" };

    this.launcher = el("button", {
      class: "launcher", type: "button", "aria-controls": ids.panel, "aria-expanded": "false",
      onclick: function () { self.setOpen(!self.state.open, true); },
    }, [icon("chat"), icon("down"), el("span", { class: "badge", hidden: true, "aria-hidden": "true" })]);
    this.badge = this.launcher.querySelector(".badge");

    this.titleEl = el("h2", { class: "title", id: ids.title });
    this.statusEl = el("p", { class: "status" });
    this.languageSelect = el("select", {
      class: "language-select", onchange: function (event) { self.setLanguage(event.target.value, true); },
    }, this.config.languages.map(function (code) {
      return el("option", { value: code, lang: code, text: LANGUAGE_NAMES[code] });
    }));
    this.languageCode = el("span", { class: "language-code", "aria-hidden": "true" });
    var languagePicker = el("div", { class: "language" + (this.config.languages.length < 2 ? " is-single" : "") },
      [icon("globe"), this.languageCode, this.languageSelect]);
    this.restartButton = el("button", {
      class: "icon-button restart", type: "button", onclick: function () { self.reset(); },
    }, [icon("restart")]);
    this.closeButton = el("button", {
      class: "icon-button close", type: "button", onclick: function () { self.setOpen(false, true); },
    }, [icon("close")]);
    var header = el("header", { class: "header" }, [
      el("div", { class: "avatar", "aria-hidden": "true" }, [icon("bot")]),
      el("div", { class: "heading" }, [this.titleEl, this.statusEl]),
      el("div", { class: "tools" }, [languagePicker, this.restartButton, this.closeButton]),
    ]);

    this.welcome = el("div", { class: "welcome" }, [
      el("div", { class: "welcome-avatar", "aria-hidden": "true" }, [icon("bot")]),
      el("p", { class: "welcome-title" }), el("p", { class: "welcome-text" }),
    ]);
    this.log = el("div", {
      class: "log", id: ids.log, role: "log", "aria-live": "polite", "aria-relevant": "additions",
      tabindex: "0",
    });
    this.typing = el("div", { class: "typing", role: "status", hidden: true }, [
      el("span", { class: "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      el("span", { class: "visually-hidden typing-text" }),
    ]);
    this.alert = el("p", { class: "alert", role: "alert", hidden: true });
    var scroller = el("div", { class: "scroller" }, [this.welcome, this.log, this.typing]);
    this.scroller = scroller;

    this.inputLabel = el("label", { class: "visually-hidden", for: ids.input });
    this.input = el("textarea", {
      class: "input", id: ids.input, rows: "1", maxlength: String(MAX_INPUT), autocomplete: "off",
      enterkeyhint: "send",
      onkeydown: function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          self.submit();
        }
      },
      oninput: function () { self.autosize(); },
    });
    this.sendButton = el("button", { class: "send", type: "submit" }, [icon("send")]);
    var form = el("form", {
      class: "composer",
      onsubmit: function (event) { event.preventDefault(); self.submit(); },
    }, [this.inputLabel, this.input, this.sendButton]);

    this.panel = el("section", {
      class: "panel", id: ids.panel, role: "dialog", "aria-modal": "false",
      "aria-labelledby": ids.title, hidden: true,
      onkeydown: function (event) {
        if (event.key === "Escape") {
          event.stopPropagation();
          self.setOpen(false, true);
        }
      },
    }, [header, this.alert, scroller, form]);
    frame.append(this.panel, this.launcher);
  };

  /** Every UI string in the current language (the transcript stays as it was written). */
  Widget.prototype.applyStrings = function () {
    var t = this.t.bind(this);
    this.panel.setAttribute("lang", this.state.language);
    this.titleEl.textContent = this.config.title || t("title");
    this.languageSelect.value = this.state.language;
    this.languageCode.textContent = this.state.language.toUpperCase();
    this.languageSelect.setAttribute("aria-label", t("language"));
    this.languageSelect.title = t("language");
    this.restartButton.setAttribute("aria-label", t("restart"));
    this.restartButton.title = t("restart");
    this.closeButton.setAttribute("aria-label", t("close"));
    this.closeButton.title = t("close");
    this.inputLabel.textContent = t("inputLabel");
    this.input.placeholder = t("placeholder");
    this.sendButton.setAttribute("aria-label", t("send"));
    this.sendButton.title = t("send");
    this.typing.querySelector(".typing-text").textContent = t("typing");
    this.welcome.querySelector(".welcome-title").textContent = this.config.title || t("title");
    this.welcome.querySelector(".welcome-text").textContent = t("welcome");
    this.renderStatus();
    this.renderLauncher();
    var self = this;
    Array.prototype.forEach.call(this.log.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = self.t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(this.log.querySelectorAll("[data-i18n-label]"), function (node) {
      node.setAttribute("aria-label", self.t(node.getAttribute("data-i18n-label")));
    });
  };

  Widget.prototype.renderLauncher = function () {
    var open = this.state.open;
    var label = open ? this.t("close") : this.t("open");
    if (!open && this.state.unread > 0) label += " (" + this.state.unread + " " + this.t("unread") + ")";
    this.launcher.setAttribute("aria-label", label);
    this.launcher.setAttribute("aria-expanded", open ? "true" : "false");
    this.launcher.classList.toggle("is-open", open);
    this.badge.hidden = open || this.state.unread < 1;
    this.badge.textContent = this.state.unread > 9 ? "9+" : String(this.state.unread);
  };

  Widget.prototype.renderStatus = function () {
    var text = this.config.subtitle || this.t("online");
    if (this.status === "connecting") text = this.t("connecting");
    if (this.status === "offline" || this.status === "unavailable") text = this.t("connecting");
    this.statusEl.replaceChildren(el("span", { class: "status-text", text: text }));
    this.statusEl.classList.toggle("is-offline", this.status === "offline" || this.status === "unavailable");
    var alert = this.status === "offline" ? this.t("offline") : this.status === "unavailable" ? this.t("unavailable") : "";
    this.alert.textContent = alert;
    this.alert.hidden = !alert;
  };

  Widget.prototype.setStatus = function (status) {
    this.status = status;
    this.renderStatus();
  };

  Widget.prototype.setOpen = function (open, moveFocus) {
    this.state.open = open;
    this.panel.hidden = !open;
    this.frame.classList.toggle("is-open", open);
    if (open) {
      this.state.unread = 0;
      this.connect();
      this.scrollToEnd(true);
      if (moveFocus) this.input.focus({ preventScroll: true });
    } else if (moveFocus) {
      this.launcher.focus();
    }
    this.renderLauncher();
    this.save();
  };

  Widget.prototype.save = function () {
    this.store.save(this.state);
  };

  // --- the connection ----------------------------------------------------------------------

  /** The socket.io client function (an <object> or <embed> named `io` is callable too). */
  function isClient(value) {
    return typeof value === "function" && !(value instanceof Element);
  }

  Widget.prototype.loadClient = function () {
    // A function only: injected HTML can put an element under the name `io`.
    if (isClient(window.io)) return Promise.resolve(window.io);
    if (this.clientPromise) return this.clientPromise;
    var src = this.config.socketioSrc;
    this.clientPromise = new Promise(function (resolve, reject) {
      if (!src) { reject(new Error("no socket.io client URL")); return; }
      var tag = el("script", { src: src, async: true });
      tag.addEventListener("load", function () {
        isClient(window.io) ? resolve(window.io) : reject(new Error("io missing"));
      });
      tag.addEventListener("error", function () { reject(new Error("socket.io client failed to load")); });
      (document.head || document.documentElement).append(tag);
    });
    var self = this;
    this.clientPromise.catch(function () { self.clientPromise = null; });
    return this.clientPromise;
  };

  Widget.prototype.connect = function () {
    var self = this;
    if (this.socket || this.connecting) return;
    if (!this.config.serverOrigin) { this.setStatus("unavailable"); return; }
    this.connecting = true;
    this.setStatus("connecting");
    this.loadClient().then(function (io) {
      var socket = io(self.config.serverOrigin, {
        path: self.config.socketPath,
        // The conversation, on every engine.io request (polling, the WebSocket upgrade): a
        // proxy in front of several Rasa servers routes by it (docs/production.md).
        query: { shopbot_session: self.routeKey() },
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 8000,
        timeout: 10000,
        withCredentials: false,
      });
      self.socket = socket;
      self.connecting = false;
      // A new engine.io session (never in the middle of one) carries the current conversation.
      socket.io.on("reconnect_attempt", function () { self.routeSocket(); });
      socket.on("connect", function () {
        self.sessionReady = false;
        socket.emit("session_request", { session_id: self.state.token });
      });
      socket.on("session_confirm", function (token) { self.onSession(token); });
      socket.on("session_renew", function (token) { self.onRenew(token); });
      socket.on("bot_uttered", function (message) { self.onBotMessage(message); });
      socket.on("bot_typing", function (data) { self.onTyping(!!(data && data.typing)); });
      socket.on("shopbot_error", function (data) { self.onServerError(data); });
      socket.on("connect_error", function () { self.setStatus("offline"); });
      socket.on("disconnect", function (reason) {
        self.sessionReady = false;
        if (reason !== "io client disconnect") self.setStatus("offline");
      });
    }).catch(function () {
      self.connecting = false;
      self.setStatus("unavailable");
      setTimeout(function () { if (!self.socket) self.connect(); }, 10000);
    });
  };

  /** The conversation a session token belongs to (its part before the dot). */
  function conversationOf(token) {
    return typeof token === "string" ? token.split(".")[0] : null;
  }

  /** What a proxy routes this page's socket.io connection by: the stored conversation (never
   * its signed token), or before there is one a random key of this page. */
  Widget.prototype.routeKey = function () {
    var conversation = conversationOf(this.state.token);
    if (conversation) return conversation;
    if (!this.pageKey) {
      var bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      this.pageKey = "new-" + Array.prototype.map.call(bytes, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
    }
    return this.pageKey;
  };

  Widget.prototype.routeSocket = function () {
    if (this.socket) this.socket.io.opts.query = { shopbot_session: this.routeKey() };
  };

  Widget.prototype.onSession = function (token) {
    if (typeof token !== "string" || token.length > 200) return;
    if (this.state.token && conversationOf(token) !== conversationOf(this.state.token)) {
      // The server did not continue the stored conversation: its token expired (24 hours
      // after its last message), or the server's secret changed. Start over, and say so.
      this.state.items = [];
      this.greeted = false;
      this.renderTranscript();
      this.addItem({ from: "note", text: this.t("expired") });
    }
    this.state.token = token;
    this.sessionReady = true;
    this.setStatus("online");
    this.save();
    if (!this.greeted) {
      this.greeted = true;
      if (this.state.language !== "en") this.outbox.unshift({ text: switchPayload(this.state.language), silent: true });
      // The greeting, unless the shopper has already asked something.
      var asked = this.outbox.some(function (message) { return !message.silent; });
      if (this.config.initPayload && !asked) this.outbox.push({ text: this.config.initPayload, silent: false });
    }
    this.flush();
  };

  Widget.prototype.flush = function () {
    if (!this.socket || !this.socket.connected || !this.sessionReady) return;
    while (this.outbox.length) {
      var message = this.outbox.shift();
      this.emit(message.text, message.silent);
    }
    var pending = this.log.querySelectorAll(".is-pending");
    Array.prototype.forEach.call(pending, function (node) {
      node.classList.remove("is-pending");
      var hint = node.querySelector(".pending-hint");
      if (hint) hint.remove();
    });
  };

  Widget.prototype.emit = function (text, silent) {
    var self = this;
    var turn = { silent: silent };
    turn.timer = setTimeout(function () { self.endTurn(turn); }, silent ? SILENT_TURN_TIMEOUT_MS : TYPING_TIMEOUT_MS);
    this.turns.push(turn);
    var packet = { message: text, session_id: this.state.token };
    if (this.config.customerToken) packet.metadata = { shop_customer_token: this.config.customerToken };
    this.socket.emit("user_uttered", packet);
    if (!silent) this.showTyping(true);
  };

  Widget.prototype.endTurn = function (turn) {
    var index = this.turns.indexOf(turn);
    if (index >= 0) {
      clearTimeout(turn.timer);
      this.turns.splice(index, 1);
    }
    this.showTyping(this.turns.some(function (t) { return !t.silent; }));
  };

  Widget.prototype.onTyping = function (typing) {
    if (typing) {
      if (!this.turns.length || !this.turns[0].silent) this.showTyping(true);
    } else if (this.turns.length) {
      this.endTurn(this.turns[0]);
    } else {
      this.showTyping(false);
    }
  };

  Widget.prototype.showTyping = function (on) {
    var self = this;
    clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(function () { self.typing.hidden = true; }, TYPING_TIMEOUT_MS);
      this.scrollToEnd(false);
    }
  };

  /** A fresh token of the same conversation (the server renews it with every message). */
  Widget.prototype.onRenew = function (token) {
    if (typeof token !== "string" || token.length > 200 || !this.state.token) return;
    if (conversationOf(token) !== conversationOf(this.state.token)) return;
    this.state.token = token;
    this.save();
  };

  /** A refusal of the channel (bot/channels/socketio.py), said in the interface language. */
  Widget.prototype.onServerError = function (data) {
    var code = data && data.code;
    if (code === "message_too_long" || code === "message_too_large") {
      this.addItem({ from: "note", text: this.t("tooLong") });
    } else if (code === "rate_limited") {
      this.addItem({ from: "note", text: this.t("tooFast") });
    } else if (code === "session_expired" && this.socket && this.socket.connected) {
      // Ask again with the expired token: the server answers with a new conversation.
      this.sessionReady = false;
      this.socket.emit("session_request", { session_id: this.state.token });
    }
    if (this.turns.length) this.endTurn(this.turns[this.turns.length - 1]);
  };

  Widget.prototype.onBotMessage = function (message) {
    if (!message || typeof message !== "object") return;
    this.followLanguage(message.language);
    if (this.turns.length && this.turns[0].silent) return; // the answer to a hidden message
    var item = { from: "bot", text: str(message.text, MAX_TEXT) };
    var replies = message.quick_replies || message.buttons;
    if (Array.isArray(replies)) item.quickReplies = replies.slice(0, 12).map(cleanReply).filter(Boolean);
    var custom = message.custom;
    if (custom && typeof custom === "object" && custom.type === "product_cards" && Array.isArray(custom.cards)) {
      item.cards = custom.cards.slice(0, MAX_CARDS).map(cleanCard).filter(Boolean);
      if (item.cards.length) this.absorbListing(item);
    }
    if (message.attachment && message.attachment.type === "image" && message.attachment.payload) {
      var src = safeUrl(message.attachment.payload.src);
      if (src && !item.text) item.text = src;
    }
    if (!item.text && !(item.cards && item.cards.length)) return;
    if (!this.state.open) this.state.unread += 1;
    this.addItem(item);
    this.renderLauncher();
  };

  // --- sending -----------------------------------------------------------------------------

  Widget.prototype.submit = function () {
    var text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.autosize();
    this.send(text, text);
  };

  /** Sends `payload`; shows `shown` as the shopper's message (nothing when it is empty). */
  Widget.prototype.send = function (payload, shown) {
    payload = str(payload, MAX_INPUT);
    if (!payload) return;
    if (shown) this.clearQuickReplies(); // the shopper answered (a language switch does not)
    var ready = this.socket && this.socket.connected && this.sessionReady;
    if (shown) this.addItem({ from: "user", text: str(shown, MAX_INPUT) }, !ready);
    if (ready) {
      this.emit(payload, false);
    } else {
      this.outbox.push({ text: payload, silent: false });
      this.connect();
    }
  };

  Widget.prototype.setLanguage = function (language, tellBot) {
    if (this.config.languages.indexOf(language) < 0 || language === this.state.language) {
      this.languageSelect.value = this.state.language;
      this.languageCode.textContent = this.state.language.toUpperCase();
      return;
    }
    this.state.language = language;
    this.applyStrings();
    this.save();
    if (tellBot && this.greeted) this.send(switchPayload(language), "");
  };

  /** The conversation's language, as the bot's reply names it (bot/reply_language.py): the
   * widget's own words follow it, without telling the bot (it chose it). Languages the
   * widget does not offer are ignored. */
  Widget.prototype.followLanguage = function (language) {
    if (typeof language === "string") this.setLanguage(language, false);
  };

  Widget.prototype.reset = function () {
    this.state.items = [];
    this.state.token = null;
    this.state.unread = 0;
    this.greeted = false;
    this.outbox = [];
    this.turns.forEach(function (turn) { clearTimeout(turn.timer); });
    this.turns = [];
    this.showTyping(false);
    this.renderTranscript();
    this.save();
    if (this.socket) {
      this.sessionReady = false;
      this.socket.disconnect(); // a new socket id: out of the old conversation's room
      this.routeSocket();
      this.socket.connect();
    } else {
      this.connect();
    }
    this.input.focus();
  };

  // --- the transcript ----------------------------------------------------------------------

  Widget.prototype.addItem = function (item, pending) {
    var wasAtEnd = this.atEnd();
    this.state.items.push(item);
    while (this.state.items.length > MAX_ITEMS) this.removeItem(this.state.items[0]);
    var node = this.renderItem(item, this.state.items.length - 1);
    if (pending) {
      node.classList.add("is-pending");
      node.append(el("span", { class: "pending-hint", "data-i18n": "notSent", text: this.t("notSent") }));
    }
    this.nodes.set(item, node);
    this.log.append(node);
    this.welcome.hidden = true;
    this.save();
    if (item.from === "user" || wasAtEnd) this.reveal(node);
  };

  Widget.prototype.removeItem = function (item) {
    var index = this.state.items.indexOf(item);
    if (index >= 0) this.state.items.splice(index, 1);
    var node = this.nodes.get(item);
    if (node) node.remove();
  };

  Widget.prototype.renderTranscript = function () {
    var self = this;
    this.log.replaceChildren();
    this.state.items.forEach(function (item, index) {
      var node = self.renderItem(item, index);
      self.nodes.set(item, node);
      self.log.append(node);
    });
    this.welcome.hidden = this.state.items.length > 0;
  };

  /** Cards that repeat the numbered list of the bot's text just before them take the list's
   * place: the text keeps its lead-in, the cards get the numbers and the variant lines, and
   * what followed the list goes after the cards. Falls back to numbering the cards only. */
  Widget.prototype.absorbListing = function (item) {
    var items = this.state.items;
    for (var i = items.length - 1; i >= 0 && i >= items.length - 3; i--) {
      var previous = items[i];
      if (previous.from !== "bot") break;
      if (!previous.text || previous.cards) continue;
      var parts = splitListing(previous.text, item.cards);
      if (!parts) continue;
      for (var j = items.length - 1; j > i; j--) {
        // The sold-out legend explains the list's mark; the cards say "Out of stock".
        if (items[j].from === "bot" && !items[j].cards && /^\s*\u2715/.test(items[j].text)) this.removeItem(items[j]);
      }
      if (parts.after) item.textAfter = parts.after;
      if (parts.before) {
        previous.text = parts.before;
        var node = this.nodes.get(previous);
        var span = node && node.querySelector(".text");
        if (span) {
          span.replaceChildren();
          appendLinkified(span, previous.text);
        }
      } else {
        this.removeItem(previous);
      }
      return;
    }
    item.cards = numberCards(item.cards, items);
  };

  Widget.prototype.clearQuickReplies = function () {
    var changed = false;
    this.state.items.forEach(function (item) {
      if (item.quickReplies && item.quickReplies.length) { item.quickReplies = []; changed = true; }
    });
    Array.prototype.forEach.call(this.log.querySelectorAll(".quick-replies"), function (node) { node.remove(); });
    if (changed) this.save();
  };

  Widget.prototype.renderItem = function (item, index) {
    var self = this;
    if (item.from === "note") return el("div", { class: "note", role: "note", text: item.text });
    var previous = this.state.items[index - 1];
    var row = el("div", { class: "row from-" + item.from + (previous && previous.from === item.from ? " is-continued" : "") });
    var who = el("span", { class: "visually-hidden", "data-i18n": item.from === "user" ? "you" : "bot", text: this.t(item.from === "user" ? "you" : "bot") });
    if (item.text) {
      var body = el("span", { class: "text" });
      if (item.from === "bot") appendLinkified(body, item.text);
      else body.textContent = item.text;
      row.append(el("div", { class: "bubble" }, [who, el("span", { class: "visually-hidden", text: ": " }), body]));
    } else {
      row.append(who);
    }
    if (item.cards && item.cards.length) row.append(this.renderCards(item.cards));
    if (item.cards && item.textAfter) {
      var after = el("span", { class: "text" });
      appendLinkified(after, item.textAfter);
      row.append(el("div", { class: "bubble is-after" }, [after]));
    }
    if (item.quickReplies && item.quickReplies.length && !this.answered(index)) {
      row.append(el("div", { class: "quick-replies", role: "group", "data-i18n-label": "suggestions", "aria-label": this.t("suggestions") },
        item.quickReplies.map(function (reply) {
          return el("button", {
            type: "button", class: "quick-reply", text: reply.title,
            onclick: function () { self.send(reply.payload, reply.title); self.input.focus(); },
          });
        })));
    }
    return row;
  };

  /** Whether the shopper wrote after item `index` (its quick replies are then spent). */
  Widget.prototype.answered = function (index) {
    for (var i = index + 1; i < this.state.items.length; i++) {
      if (this.state.items[i].from === "user") return true;
    }
    return false;
  };

  Widget.prototype.renderCards = function (cards) {
    var self = this;
    var track = el("ul", { class: "cards", "data-i18n-label": "products", "aria-label": this.t("products") },
      cards.map(function (card) { return self.renderCard(card); }));
    var prev = el("button", { type: "button", class: "carousel-button prev", "data-i18n-label": "previous", "aria-label": this.t("previous"), tabindex: "-1",
      onclick: function () { track.scrollBy({ left: -track.clientWidth * 0.8, behavior: "smooth" }); } }, [icon("left")]);
    var next = el("button", { type: "button", class: "carousel-button next", "data-i18n-label": "next", "aria-label": this.t("next"), tabindex: "-1",
      onclick: function () { track.scrollBy({ left: track.clientWidth * 0.8, behavior: "smooth" }); } }, [icon("right")]);
    return el("div", { class: "carousel" + (cards.length > 1 ? " has-many" : "") }, [track, prev, next]);
  };

  Widget.prototype.renderCard = function (card) {
    var media = el("div", { class: "card-media" }, [el("span", { class: "placeholder", "aria-hidden": "true" }, [icon("bag")])]);
    if (card.imageUrl) {
      var image = el("img", { alt: card.title, loading: "lazy", decoding: "async", referrerpolicy: "no-referrer" });
      image.addEventListener("load", function () { image.classList.add("is-loaded"); });
      image.addEventListener("error", function () { image.remove(); media.classList.add("is-missing"); });
      image.src = card.imageUrl;
      media.append(image);
    } else {
      media.classList.add("is-missing");
    }
    if (card.position) media.append(el("span", { class: "card-index", "aria-hidden": "true", text: String(card.position) }));
    var body = el("div", { class: "card-body" }, [
      el("h3", { class: "card-title", text: card.title }),
      card.details ? el("p", { class: "card-details", text: card.details }) : null,
      el("p", { class: "card-price" }, [
        el("span", { text: card.priceText }),
        card.inStock ? null : el("span", { class: "card-stock", "data-i18n": "outOfStock", text: this.t("outOfStock") }),
      ]),
    ]);
    if (card.url) {
      body.append(el("a", { class: "card-link", href: card.url, target: "_blank", rel: "noopener noreferrer" }, [
        el("span", { "data-i18n": "view", text: this.t("view") }),
        el("span", { class: "visually-hidden" }, [" ", card.title, " "]),
        el("span", { class: "visually-hidden", "data-i18n": "newTab", text: this.t("newTab") }),
      ]));
    }
    return el("li", { class: "card" + (card.inStock ? "" : " is-sold-out") }, [media, body]);
  };

  /** Whether the transcript is scrolled to (nearly) its end. */
  Widget.prototype.atEnd = function () {
    var scroller = this.scroller;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  };

  Widget.prototype.scrollToEnd = function (force) {
    if (force || this.atEnd()) this.scroller.scrollTop = this.scroller.scrollHeight;
  };

  /** Scrolls to the end, or to the top of `node` when it is taller than the view. */
  Widget.prototype.reveal = function (node) {
    var scroller = this.scroller;
    var top = node.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    scroller.scrollTop = node.offsetHeight > scroller.clientHeight - 24 ? top - 12 : scroller.scrollHeight;
  };

  Widget.prototype.autosize = function () {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight, 140) + "px";
  };

  // --- pure helpers --------------------------------------------------------------------------

  function switchPayload(language) {
    return "/switch_language" + JSON.stringify({ language: language });
  }

  /** `text` split around its numbered list of exactly `cards` ("1. Title · price", indented
   * detail lines, a link line): {before, after}, and each card's position and details; null
   * when the list is not exactly those cards in one piece. */
  function splitListing(text, cards) {
    var lines = text.split("\n");
    var first = -1;
    var last = -1;
    var current = null;
    var found = [];
    for (var i = 0; i < lines.length; i++) {
      var match = /^\s*(\d{1,3})\.\s+(.+)$/.exec(lines[i]);
      var card = null;
      for (var c = 0; match && c < cards.length && !card; c++) {
        if (found.indexOf(cards[c]) < 0 && match[2].indexOf(cards[c].title) === 0) card = cards[c];
      }
      if (card) {
        if (first >= 0 && last !== i - 1) return null;
        if (first < 0) first = i;
        found.push({ card: card, position: Number(match[1]), details: [] });
        current = found[found.length - 1];
        last = i;
      } else if (current && last === i - 1 && /^\s+\S/.test(lines[i])) {
        if (!safeUrl(lines[i].trim())) current.details.push(lines[i].trim());
        last = i;
      } else {
        current = null;
      }
    }
    if (found.length !== cards.length) return null;
    found.forEach(function (entry) {
      entry.card.position = entry.position;
      entry.card.details = str(entry.details.join(" · "), 200);
    });
    return { before: lines.slice(0, first).join("\n").trim(), after: lines.slice(last + 1).join("\n").trim() };
  }

  /** The position of each card in the bot's numbered list just before it ("2. Title"). */
  function numberCards(cards, items) {
    var texts = [];
    for (var i = items.length - 1; i >= 0 && i >= items.length - 3; i--) {
      if (items[i].from !== "bot") break;
      if (items[i].text) texts.push(items[i].text);
    }
    var lines = texts.join("\n").split("\n");
    return cards.map(function (card) {
      for (var j = 0; j < lines.length; j++) {
        var match = /^\s*(\d{1,3})\.\s+(.*)$/.exec(lines[j]);
        if (match && match[2].indexOf(card.title) === 0) {
          card.position = Number(match[1]);
          break;
        }
      }
      return card;
    });
  }

  /** Black or white, whichever reads better on the hex colour `hex`. */
  function readableOn(hex) {
    var value = hex.replace("#", "");
    if (value.length <= 4) value = value.split("").map(function (c) { return c + c; }).join("");
    var rgb = [0, 2, 4].map(function (at) {
      var channel = parseInt(value.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    });
    var luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    return luminance > 0.4 ? "#111111" : "#ffffff";
  }

  // --- start ---------------------------------------------------------------------------------

  var widget = null;
  function start() {
    if (widget) return;
    widget = new Widget(readConfig());
    widget.mount();
  }

  window.ShopbotWidget = {
    version: VERSION,
    open: function () { start(); widget.setOpen(true, true); },
    close: function () { start(); widget.setOpen(false, false); },
    toggle: function () { start(); widget.setOpen(!widget.state.open, true); },
    /** Sends `text` as if the shopper typed it (opens the panel). */
    send: function (text) { start(); widget.setOpen(true, false); widget.send(String(text), String(text)); },
    setLanguage: function (language) { start(); widget.setLanguage(String(language), true); },
    reset: function () { start(); widget.reset(); },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
