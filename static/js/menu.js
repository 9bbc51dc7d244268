// The small-screen menu. Loaded in <head>, before the first paint: the `js` class it sets
// lets the stylesheet show the menu collapsed from the start (no jump as the page loads).
// Without JavaScript the class is never set and the whole menu shows, the button hidden.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function toggleOf(element) {
    return element && element.closest ? element.closest(".main-nav__toggle") : null;
  }

  // Delegated to the document: it works as soon as the button is parsed.
  document.addEventListener("click", function (event) {
    var toggle = toggleOf(event.target);
    if (!toggle) return;
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
  });

  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var toggle = document.querySelector('.main-nav__toggle[aria-expanded="true"]');
    var nav = toggle && toggle.closest(".main-nav");
    if (!nav || !nav.contains(document.activeElement)) return;
    if (getComputedStyle(toggle).display === "none") return;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  });
})();
