/* Waymark helplines widget, version 2. Served at /widgets/v2/helplines.js with its words and
   look filled in from widgets/content.py; what it serves never changes (tests/test_widgets.py
   pins its hash): later versions get new URLs.
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
  var TEXT = __WAYMARK_TEXT__;
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
    var state = channel.open_24_7 ? text.always : channel.open_now ? text.open : text.closed;
    return el("span", { class: channel.open_now ? "badge open" : "badge" }, [state]);
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
    var section = el("section", { class: "waymark", "aria-labelledby": "t" }, [
      el("h2", { id: "t", class: "waymark-title" }, [text.title])
    ].concat(children));
    if (adopted) root.replaceChildren(section);
    else root.replaceChildren(el("style", {}, [STYLE]), section);
  }

  function quickExit() {
    if (options.quickExit !== "true") return [];
    var button = el("button", { type: "button", class: "exit" }, [text.exit]);
    button.addEventListener("click", function () {
      document.documentElement.style.display = "none";
      window.location.replace(options.exitUrl || "https://www.bbc.co.uk/weather");
    });
    return [button];
  }

  function render(data) {
    var emergency = data.emergency_numbers.slice(0, 1).map(function (number) {
      return el("p", { class: "emergency" }, [text.emergency + " ", link("tel:" + number.dial, number.number)]);
    });
    var lines = data.helplines.map(function (line) {
      return el("li", {}, [
        el("h3", { class: "waymark-name" }, [line.name]),
        el("ul", { class: "channels" }, line.channels.map(function (channel) {
          var label = lang === "en" ? channel.action : channel.display_value;
          return el("li", {}, [link(channel.href, label, channel.kind), " ", badge(channel)]);
        }))
      ]);
    });
    var found = lines.length ? el("ul", { class: "lines" }, lines) : el("p", {}, [text.none]);
    show(emergency.concat([found, el("p", {}, [link(moreUrl, text.more)])], quickExit()));
    root.addEventListener("click", function (event) {
      var target = event.target.closest && event.target.closest("a[data-kind]");
      if (target) count("click", target.getAttribute("data-kind"));
    });
    count("load");
  }

  var STYLE = __WAYMARK_STYLE__;

  show([el("p", { role: "status" }, [text.finding])]);
  var limit = Math.min(20, Math.max(1, parseInt(options.limit, 10) || 4));
  fetch(origin + "/api/v1/helplines/priority?" + query + "&limit=" + limit, {
    credentials: "omit"
  }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(render).catch(function () {
    show([el("p", {}, [link(moreUrl, text.find)])].concat(quickExit()));
  });
})();
