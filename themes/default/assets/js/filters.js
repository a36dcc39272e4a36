/* Instant filtering of the tip list: the form is hidden until this script runs, so without
   JavaScript the list and links to the pre-built category, audience and campaign pages serve
   instead.
   The choice is read from and written to the address (?categories=water), so that a filtered
   list can be bookmarked and shared. Loads nothing. */
(function () {
  'use strict';
  var form = document.querySelector('form[data-tip-filter]');
  var list = form && document.getElementById(form.getAttribute('data-list'));
  if (!form || !list) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll('select[name]'));
  var cards = Array.prototype.slice.call(list.children);
  var status = form.querySelector('[role="status"]');
  var links = document.querySelector('[data-filter-links]');
  var heading = document.querySelector('[data-filter-heading]');
  var headingText = heading && heading.querySelector('[data-filter-heading-text]');
  var headingCount = heading && heading.querySelector('[data-filter-heading-count]');
  var allTips = headingText && headingText.textContent;

  function terms(card, name) {
    return (card.getAttribute('data-terms-' + name) || '').split(' ');
  }

  function apply(write) {
    var shown = 0;
    cards.forEach(function (card) {
      var match = selects.every(function (s) {
        return !s.value || terms(card, s.name).indexOf(s.value) >= 0;
      });
      card.hidden = !match;
      if (match) shown += 1;
    });
    if (headingText) {
      var chosen = selects.filter(function (s) { return s.value; }).map(function (s) {
        return s.options[s.selectedIndex].getAttribute('data-label');
      });
      headingText.textContent = chosen.length ? chosen.join(' · ') : allTips;
      headingCount.textContent = String(shown);
    }
    if (status) {
      var text = shown === 0 ? status.getAttribute('data-none') : status.getAttribute('data-template');
      status.textContent = text.replace('{shown}', shown).replace('{total}', cards.length);
    }
    if (write) {
      var params = new URLSearchParams(location.search);
      selects.forEach(function (s) {
        if (s.value) params.set(s.name, s.value);
        else params.delete(s.name);
      });
      var query = params.toString();
      try {
        history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
      } catch (e) {
        /* An address that cannot change (a file opened from disk) keeps the filter working. */
      }
    }
  }

  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var wanted = params.get(s.name);
    var known = Array.prototype.some.call(s.options, function (o) {
      return o.value === wanted;
    });
    s.value = known ? wanted : '';
  });
  form.addEventListener('change', function () {
    apply(true);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    apply(true);
  });
  form.addEventListener('reset', function () {
    setTimeout(function () {
      apply(true);
    }, 0);
  });
  form.hidden = false;
  // The links to each term's page serve without JavaScript; here the form does their work.
  if (links) links.hidden = true;
  apply(false);
})();
