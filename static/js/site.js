// Progressive enhancement: the site works without it (the menu: static/js/menu.js).

// Recorded talks: the player is requested from its host only when the visitor asks.
(function () {
  "use strict";
  var placeholders = document.querySelectorAll(".video-placeholder[data-video-embed]");
  Array.prototype.forEach.call(placeholders, function (placeholder) {
    var button = placeholder.querySelector(".video-placeholder__load");
    if (!button) return;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = placeholder.getAttribute("data-video-embed");
      frame.title = placeholder.getAttribute("data-video-title");
      frame.setAttribute("allow", "fullscreen; picture-in-picture");
      frame.setAttribute("loading", "lazy");
      frame.className = "video-placeholder__frame";
      placeholder.classList.add("video-placeholder--loaded");
      placeholder.insertBefore(frame, placeholder.firstChild);
      button.parentNode.remove();
      frame.focus();
    });
  });
})();

// Key figures: the « Imprimer cette synthèse » button (the browser's own menu prints the
// same page without it).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();

// « Copier le lien » of the share links: shown only where the clipboard can be written.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var buttons = document.querySelectorAll("button[data-copy-link]");
  Array.prototype.forEach.call(buttons, function (button) {
    var status = button.parentNode.querySelector(".share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied");
      });
    });
  });
})();
