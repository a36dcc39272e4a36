/* The low-carbon calculator: ticking tips adds up their yearly savings. Without JavaScript the
   page still lists every tip with its figures and assumptions. The choice is kept in the
   address (?t=tip-a,tip-b) so that a result can be shared, and restored from it on load.
   Loads nothing. */
(function () {
  'use strict';
  var form = document.querySelector('form[data-calculator]');
  if (!form) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="t"]'));
  var totals = Array.prototype.slice.call(form.querySelectorAll('[data-total]'));
  var count = form.querySelector('[data-calc-count]');
  var share = form.querySelector('[data-calc-share]');
  var results = form.querySelector('[data-calc-results]');
  var clear = form.querySelector('[data-calc-clear]');
  var bar = form.querySelector('[data-calc-bar]');
  var barText = bar && bar.querySelector('[data-calc-bar-text]');
  var format;
  try {
    format = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  } catch (e) {
    format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  }

  function chosen() {
    return boxes.filter(function (b) { return b.checked; });
  }

  function address(ids) {
    var params = new URLSearchParams(location.search);
    params.delete('t');
    var query = params.toString();
    if (ids.length) query = (query ? query + '&' : '') + 't=' + ids.map(encodeURIComponent).join(',');
    return location.pathname + (query ? '?' + query : '') + location.hash;
  }

  function update(write) {
    var ticked = chosen();
    totals.forEach(function (out) {
      var key = out.getAttribute('data-total');
      var sum = ticked.reduce(function (acc, b) {
        return acc + (parseFloat(b.getAttribute('data-' + key)) || 0);
      }, 0);
      sum = Math.round(sum * 10) / 10;
      out.setAttribute('data-value', String(sum));
      out.textContent = format.format(sum);
    });
    if (count) {
      var n = ticked.length;
      var text = n === 0 ? count.getAttribute('data-none') : n === 1 ? count.getAttribute('data-one') : count.getAttribute('data-template');
      count.textContent = text.replace('{count}', format.format(n));
    }
    if (barText) {
      var shown = { count: format.format(ticked.length) };
      totals.forEach(function (out) {
        shown[out.getAttribute('data-total')] = out.textContent;
      });
      barText.textContent = bar.getAttribute('data-template').replace(/\{(\w+)\}/g, function (all, key) {
        return key in shown ? shown[key] : all;
      });
    }
    var url = address(ticked.map(function (b) { return b.value; }));
    if (share) share.setAttribute('href', url);
    if (write) {
      try {
        history.replaceState(null, '', url);
      } catch (e) {
        /* An address that cannot change (a file opened from disk): the link above still works. */
      }
    }
  }

  var wanted = [];
  new URLSearchParams(location.search).getAll('t').forEach(function (value) {
    wanted = wanted.concat(value.split(','));
  });
  boxes.forEach(function (b) {
    b.checked = wanted.indexOf(b.value) >= 0;
  });
  form.addEventListener('change', function () {
    update(true);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    update(true);
  });
  if (clear) {
    clear.addEventListener('click', function () {
      boxes.forEach(function (b) { b.checked = false; });
      update(true);
    });
  }
  if (results) results.hidden = false;
  if (bar) bar.hidden = false;
  update(false);
})();
