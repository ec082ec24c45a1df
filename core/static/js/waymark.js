/* Waymark enhancements. Every page works without this file. */
(function () {
    "use strict";

    var COUNTRY_KEY = "waymark-country";
    var SHIFT_PRESSES = 3;
    var SHIFT_WINDOW_MS = 5000;

    document.documentElement.classList.remove("no-js");

    /* localStorage can be missing or refuse writes (private modes, embedded views). */
    function readCountry() {
        try {
            return window.localStorage.getItem(COUNTRY_KEY);
        } catch (error) {
            return null;
        }
    }

    function saveCountry(code) {
        try {
            window.localStorage.setItem(COUNTRY_KEY, code);
            return true;
        } catch (error) {
            return false;
        }
    }

    /* Quick exit: blank the page at once, then replace this history entry. */
    function setUpQuickExit() {
        var link = document.querySelector("[data-quick-exit-link]");
        if (!link) {
            return;
        }
        var destination = link.href;
        var hint = document.querySelector("[data-quick-exit-hint]");
        var presses = 0;
        var timer = null;

        function leave() {
            document.documentElement.classList.add("is-exiting");
            document.title = "";
            window.location.replace(destination);
        }

        link.addEventListener("click", function (event) {
            event.preventDefault();
            leave();
        });
        if (hint) {
            hint.hidden = false;
        }
        document.addEventListener("keydown", function (event) {
            if (event.key !== "Shift") {
                presses = 0;
                return;
            }
            if (event.repeat) {
                return;
            }
            presses += 1;
            window.clearTimeout(timer);
            if (presses >= SHIFT_PRESSES) {
                leave();
                return;
            }
            timer = window.setTimeout(function () {
                presses = 0;
            }, SHIFT_WINDOW_MS);
        });
        /* Coming back through the back-forward cache must not show the page again. */
        window.addEventListener("pageshow", function (event) {
            if (event.persisted && document.documentElement.classList.contains("is-exiting")) {
                window.location.replace(destination);
            }
        });
    }

    /* A translated sentence ("Call %(number)s %(label)s") with its placeholders replaced
       by nodes, wherever the translation puts them. */
    function fill(sentence, parts) {
        var fragment = document.createDocumentFragment();
        sentence.split(/(%\(\w+\)s)/).forEach(function (piece) {
            var name = /^%\((\w+)\)s$/.exec(piece);
            fragment.appendChild(name && parts[name[1]] ? parts[name[1]] : document.createTextNode(piece));
        });
        return fragment;
    }

    function showCountry(banner, code, countries, words) {
        var country = countries[code];
        if (!country) {
            return;
        }
        var numbers = banner.querySelector("[data-crisis-numbers]");
        var name = banner.querySelector("[data-crisis-country]");
        var select = banner.querySelector("select[name=country]");
        var calls = null;
        numbers.textContent = "";
        country.numbers.forEach(function (item) {
            var link = document.createElement("a");
            link.className = "crisis-banner__number";
            link.href = "tel:" + item.dial;
            link.textContent = item.number;
            var label = document.createElement("span");
            label.className = "crisis-banner__label";
            label.textContent = "(" + item.label + ")";
            var call = fill(words.call, {number: link, label: label});
            calls = calls ? fill(words.or, {choices: calls, choice: call}) : call;
        });
        if (calls) {
            numbers.appendChild(calls);
        }
        name.textContent = country.name;
        banner.setAttribute("data-country", code);
        if (select) {
            select.value = code;
        }
    }

    /* The chosen country is remembered in this browser only: no cookie, nothing sent. */
    function setUpCountryChooser() {
        var banner = document.querySelector("[data-crisis-banner]");
        var dataElement = document.getElementById("waymark-countries");
        var wordsElement = document.getElementById("waymark-banner-words");
        if (!banner || !dataElement || !wordsElement) {
            return;
        }
        var countries = JSON.parse(dataElement.textContent);
        var words = JSON.parse(wordsElement.textContent);
        var form = banner.querySelector("[data-country-chooser]");
        var requested = new URLSearchParams(window.location.search).get("country");
        if (requested && countries[requested.toUpperCase()]) {
            saveCountry(requested.toUpperCase());
        } else {
            var saved = readCountry();
            if (saved && saved !== banner.getAttribute("data-country")) {
                showCountry(banner, saved, countries, words);
            }
        }
        if (form) {
            form.addEventListener("submit", function () {
                saveCountry(form.querySelector("select[name=country]").value);
            });
        }
        /* Searches answer with the crisis lines of the country chosen here, not the default. */
        document.querySelectorAll("form[role=search]").forEach(function (search) {
            search.addEventListener("submit", function () {
                var chosen = readCountry();
                if (search.querySelector("[name=country]") || !chosen) {
                    return;
                }
                var field = document.createElement("input");
                field.type = "hidden";
                field.name = "country";
                field.value = chosen;
                search.appendChild(field);
            });
        });
    }

    /* Print buttons exist only where printing is one click away. */
    function setUpPrintButtons() {
        document.querySelectorAll("[data-print]").forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () {
                window.print();
            });
        });
    }

    /* Type-ahead: fill the search box's <datalist> with topic names and titles. */
    function setUpSuggestions() {
        document.querySelectorAll("input[data-suggest]").forEach(function (input) {
            var list = document.getElementById(input.getAttribute("list"));
            var timer = null;
            var latest = "";
            if (!list || !window.fetch) {
                return;
            }
            input.addEventListener("input", function () {
                window.clearTimeout(timer);
                timer = window.setTimeout(function () {
                    var typed = input.value.trim();
                    if (typed.length < 2 || typed === latest) {
                        return;
                    }
                    latest = typed;
                    window.fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(typed), {
                        credentials: "omit",
                        referrerPolicy: "no-referrer"
                    }).then(function (response) {
                        return response.ok ? response.json() : {suggestions: []};
                    }).then(function (data) {
                        if (typed !== latest) {
                            return;
                        }
                        list.textContent = "";
                        data.suggestions.forEach(function (suggestion) {
                            var option = document.createElement("option");
                            option.value = suggestion;
                            list.appendChild(option);
                        });
                    }).catch(function () {
                        list.textContent = "";
                    });
                }, 150);
            });
        });
    }

    /* The page in the browser's own language, offered as a link: never a redirect. */
    function setUpLanguageOffer() {
        var current = document.documentElement.lang.split("-")[0];
        var preferred = (navigator.languages || [navigator.language || ""])[0] || "";
        var wanted = preferred.split("-")[0].toLowerCase();
        if (!wanted || wanted === current) {
            return;
        }
        document.querySelectorAll("[data-language-offer]").forEach(function (offer) {
            if (offer.getAttribute("data-language-offer").split("-")[0] === wanted) {
                offer.hidden = false;
            }
        });
    }

    setUpQuickExit();
    setUpLanguageOffer();
    setUpCountryChooser();
    setUpPrintButtons();
    setUpSuggestions();
}());
