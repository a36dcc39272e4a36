/* The large-text mode (大字版): one button in the header turns it on and off, and the choice is
   kept for the next pages in localStorage. base.html applies it before the page is drawn, so
   that it does not flash; without JavaScript the button stays hidden and the browser's own zoom
   serves. Loads nothing. */
(function () {
  'use strict';
  var KEY = 'greenprint-large-text';
  var root = document.documentElement;
  function ready() {
    var button = document.querySelector('[data-large-text]');
    if (!button) return;
    function show() {
      button.setAttribute('aria-pressed', root.classList.contains('large-text') ? 'true' : 'false');
    }
    button.addEventListener('click', function () {
      var on = !root.classList.contains('large-text');
      root.classList.toggle('large-text', on);
      try {
        if (on) localStorage.setItem(KEY, '1');
        else localStorage.removeItem(KEY);
      } catch (e) {
        /* Storage switched off: the mode holds for this page only. */
      }
      show();
    });
    show();
    button.hidden = false;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
