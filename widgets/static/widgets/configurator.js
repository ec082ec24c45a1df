/* The widget configurator (/widgets/): redraws the preview and snippets as the choices
   change, without moving focus, and copies a snippet with one button. Without JavaScript,
   the form's button does the same by reloading the page. */
(function () {
  "use strict";
  var form = document.querySelector("[data-configurator]");
  var output = document.querySelector("[data-configurator-output]");
  if (!form || !output || !window.fetch) return;

  function enableCopying() {
    output.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var snippet = document.getElementById(button.getAttribute("data-copy")).value;
        var status = output.querySelector("[data-copy-status]");
        navigator.clipboard.writeText(snippet).then(function () {
          status.textContent = "Copied.";
        }, function () {
          status.textContent = "Select the snippet, then copy it with your keyboard or menu.";
        });
      });
    });
  }

  function runPreview() {
    // Scripts that arrive through DOMParser never run: put a live copy in place.
    var inert = output.querySelector("script[data-preview]");
    var live = document.createElement("script");
    Array.prototype.forEach.call(inert.attributes, function (attribute) {
      live.setAttribute(attribute.name, attribute.value);
    });
    inert.replaceWith(live);
  }

  form.addEventListener("change", function () {
    var query = new URLSearchParams(new FormData(form)).toString();
    fetch(form.action + "?" + query).then(function (response) {
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector("[data-configurator-output]");
      output.replaceChildren.apply(output, Array.prototype.slice.call(fresh.childNodes));
      runPreview();
      enableCopying();
      history.replaceState(null, "", "?" + query);
    });
  });
  enableCopying();
})();
