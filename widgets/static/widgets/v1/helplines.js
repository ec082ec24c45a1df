/* Waymark helplines widget, version 1. This file never changes: later versions get new URLs.
   Shows the helplines to offer first for a topic and country, in its own Shadow DOM.
   No cookies, no storage, no globals, and no requests except to the Waymark site it is
   served from. Options, as data- attributes on the script tag: topic, country, lang,
   partner (a key for impact figures), quick-exit ("true"), exit-url, limit. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !Element.prototype.attachShadow) return;
  var origin = new URL(script.src).origin;
  var options = script.dataset;
  var TEXT = {
    en: ["Talk to someone now", "In an emergency, call", "More help", "Leave this site",
      "Finding helplines…", "Find a helpline", "Open now", "Closed", "Open 24/7"],
    cy: ["Siarad â rhywun nawr", "Mewn argyfwng, ffoniwch", "Rhagor o help", "Gadael y wefan",
      "Chwilio am linellau cymorth…", "Dod o hyd i linell gymorth", "Ar agor nawr",
      "Ar gau", "Ar agor 24/7"],
    es: ["Habla con alguien ahora", "En una emergencia, llama al", "Más ayuda",
      "Salir de este sitio", "Buscando líneas de ayuda…", "Encuentra una línea de ayuda",
      "Abierto ahora", "Cerrado", "Abierto 24/7"],
    fr: ["Parler à quelqu'un maintenant", "En cas d'urgence, appelez le", "Plus d'aide",
      "Quitter ce site", "Recherche de lignes d'écoute…", "Trouver une ligne d'écoute",
      "Ouvert maintenant", "Fermé", "Ouvert 24h/24"]
  };
  var lang = (options.lang || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  if (!TEXT[lang]) lang = "en";
  var text = TEXT[lang];
  var country = (options.country || "GB").toUpperCase();
  var query = "country=" + encodeURIComponent(country) +
    (options.topic ? "&topic=" + encodeURIComponent(options.topic) : "");
  var moreUrl = origin + "/helplines/?" + query;

  var before = script.previousElementSibling;
  var host = before && before.hasAttribute("data-waymark-helplines") ? before : null;
  if (!host) {
    host = document.createElement("div");
    script.parentNode.insertBefore(host, script);
  }
  var root = host.attachShadow({ mode: "open" });

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function count(event, channel) {
    fetch(origin + "/widgets/v1/events", {
      method: "POST",
      body: JSON.stringify({ event: event, channel: channel || "", partner: options.partner || "" }),
      credentials: "omit",
      keepalive: true,
      mode: "no-cors"
    }).catch(function () {});
  }

  function link(href, label, kind) {
    var attributes = { href: href };
    if (/^https?:/.test(href)) {
      attributes.target = "_blank";
      attributes.rel = "noopener noreferrer";
    }
    if (kind) attributes["data-kind"] = kind;
    return el("a", attributes, [label]);
  }

  function badge(channel) {
    if (channel.open_now === null) return "";
    var state = channel.open_24_7 ? 8 : channel.open_now ? 6 : 7;
    return el("span", { class: channel.open_now ? "badge open" : "badge" }, [text[state]]);
  }

  var adopted;

  // A constructed style sheet passes a host page's strict Content-Security-Policy, which
  // would block a <style> element; browsers without them get the element.
  function adoptStyles() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
      return true;
    } catch (error) {
      return false;
    }
  }

  function show(children) {
    if (adopted === undefined) adopted = adoptStyles();
    var section = el("section", { "aria-labelledby": "t" }, [
      el("h2", { id: "t" }, [text[0]])
    ].concat(children));
    if (adopted) root.replaceChildren(section);
    else root.replaceChildren(el("style", {}, [STYLE]), section);
  }

  function quickExit() {
    if (options.quickExit !== "true") return [];
    var button = el("button", { type: "button", class: "exit" }, [text[3]]);
    button.addEventListener("click", function () {
      document.documentElement.style.display = "none";
      window.location.replace(options.exitUrl || "https://www.bbc.co.uk/weather");
    });
    return [button];
  }

  function render(data) {
    var emergency = data.emergency_numbers.slice(0, 1).map(function (number) {
      return el("p", { class: "emergency" }, [text[1] + " ", link("tel:" + number.dial, number.number)]);
    });
    var lines = data.helplines.map(function (line) {
      return el("li", {}, [
        el("h3", {}, [line.name]),
        el("ul", { class: "channels" }, line.channels.map(function (channel) {
          var label = lang === "en" ? channel.action : channel.display_value;
          return el("li", {}, [link(channel.href, label, channel.kind), " ", badge(channel)]);
        }))
      ]);
    });
    show(emergency.concat([el("ul", { class: "lines" }, lines),
      el("p", {}, [link(moreUrl, text[2])])], quickExit()));
    root.addEventListener("click", function (event) {
      var target = event.target.closest && event.target.closest("a[data-kind]");
      if (target) count("click", target.getAttribute("data-kind"));
    });
    count("load");
  }

  var STYLE = ":host{display:block;font:inherit;font-family:var(--waymark-font,inherit);" +
    "color:var(--waymark-text,#1a1a1a)}section{background:var(--waymark-background,#fff);" +
    "border:2px solid var(--waymark-accent,#1d4f91);border-radius:var(--waymark-radius,8px);" +
    "padding:1rem;max-width:36rem}h2{font-size:1.25rem;margin:0 0 .5rem}h3{font-size:1rem;" +
    "margin:.75rem 0 .25rem}ul{list-style:none;margin:0;padding:0}.channels li{margin:.25rem 0}" +
    "a{color:var(--waymark-accent,#1d4f91);font-weight:600;text-decoration:underline;" +
    "display:inline-block;min-height:24px;padding:2px 0}a:focus-visible,button:focus-visible{" +
    "outline:3px solid #ffbf47;outline-offset:2px}.badge{font-size:.875rem;padding:0 .4rem;" +
    "border-radius:4px;background:#e8e8e8;color:#1a1a1a}.badge.open{background:#d6f0dd;" +
    "color:#0b4a1c}.emergency{font-weight:600}.exit{margin-top:.75rem;font:inherit;" +
    "font-weight:600;color:#fff;background:#b3261e;border:0;border-radius:4px;padding:.5rem 1rem;" +
    "cursor:pointer}";

  show([el("p", { role: "status" }, [text[4]])]);
  var limit = Math.min(20, Math.max(1, parseInt(options.limit, 10) || 4));
  fetch(origin + "/api/v1/helplines/priority?" + query + "&limit=" + limit, {
    credentials: "omit"
  }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(render).catch(function () {
    show([el("p", {}, [link(moreUrl, text[5])])].concat(quickExit()));
  });
})();
