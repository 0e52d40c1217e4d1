// derek: small enhancements; every page works without this file.
(function () {
  "use strict";
  // Hovering a person/organization in the facts column marks its mentions in the text.
  function mentions(id) {
    return document.querySelectorAll('#article-text [data-entity="' + CSS.escape(id) + '"]');
  }
  document.querySelectorAll(".facts [data-entity]").forEach(function (el) {
    var id = el.getAttribute("data-entity");
    el.addEventListener("mouseenter", function () { mentions(id).forEach(function (m) { m.classList.add("pulse"); }); });
    el.addEventListener("mouseleave", function () { mentions(id).forEach(function (m) { m.classList.remove("pulse"); }); });
  });
  // Jumping to a quote in the text flashes it.
  function flash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.classList.contains("q")) {
      el.classList.add("pulse");
      setTimeout(function () { el.classList.remove("pulse"); }, 1600);
    }
  }
  window.addEventListener("hashchange", flash);
  flash();
})();
