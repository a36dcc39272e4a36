// The search page: runs Pagefind's index of this page's language (built with the site, served
// from /pagefind/ on the same host; nothing is loaded from elsewhere). Without JavaScript, or if
// the search cannot start, the page keeps its links to the tip library and the sitemap.
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root) return;
  var form = root.querySelector("[data-search-form]");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var fallback = root.querySelector("[data-search-fallback]");
  var text = function (name) {
    return root.getAttribute("data-text-" + name) || "";
  };
  var fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  };

  form.hidden = false;
  fallback.hidden = true;

  var loading = null;
  var pagefind = function () {
    if (!loading) {
      loading = import(root.getAttribute("data-bundle")).then(function (module) {
        // On the main thread: an index of a few hundred pages is searched in milliseconds, and
        // a worker would be one more script to load.
        return module.options({ excerptLength: 36, noWorker: true, ranking: { termSimilarity: 4 } }).then(function () {
          return module;
        });
      });
    }
    return loading;
  };

  // The excerpt is the page's plain text with <mark> around the matched words (Pagefind does
  // not escape it): it is rebuilt from text nodes and <mark> elements, so that nothing in a
  // page's text can become markup here.
  var excerpt = function (marked) {
    var p = document.createElement("p");
    p.className = "search__excerpt";
    var inside = false;
    marked.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") {
        inside = true;
      } else if (part === "</mark>") {
        inside = false;
      } else if (part) {
        var node = document.createTextNode(part);
        if (inside) {
          var mark = document.createElement("mark");
          mark.appendChild(node);
          node = mark;
        }
        p.appendChild(node);
      }
    });
    return p;
  };

  // Pagefind's excerpt joins the blocks of a page with ". "; between Chinese sentences that
  // reads as a full stop, and an excerpt cut from the middle of a text says so.
  var chinese = /^zh/i.test(document.documentElement.lang);
  var tidy = function (result) {
    var marked = result.excerpt || "";
    if (chinese) {
      // A full stop where a Chinese text meets the next block, a <mark> between or not.
      marked = marked
        .replace(/([\u3400-\u9fff\uff0c\u3001\u201d\u300b](?:<\/mark>)?)\. /g, "$1\u3002")
        .replace(/\. (?=(?:<mark>)?[\u3400-\u9fff\u201c\u300a])/g, "\u3002");
    }
    var plain = marked.replace(/<\/?mark>/g, "");
    var content = (result.content || "").replace(/\s+/g, " ").trim();
    var words = plain.trim();
    if (words && content.indexOf(words.slice(0, 12)) > 0) marked = "\u2026" + marked;
    if (words && content.lastIndexOf(words.slice(-12)) + 12 < content.length) marked += "\u2026";
    return marked;
  };

  var more = root.querySelector("[data-search-more]");
  var suggestions = root.querySelector("[data-search-suggestions]");
  var BATCH = 10;
  var pending = [];
  var found = 0;
  var query = "";

  var append = function (results) {
    results.forEach(function (result) {
      var li = document.createElement("li");
      li.className = "search__result";
      var title = document.createElement("h2");
      title.className = "search__title";
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      title.appendChild(link);
      li.appendChild(title);
      li.appendChild(excerpt(tidy(result)));
      list.appendChild(li);
    });
  };

  var announce = function () {
    var shown = list.children.length;
    var values = { q: query, n: found, shown: shown, left: found - shown };
    var message = found === 0 ? "none" : found === 1 ? "one" : found > shown ? "many-shown" : "many";
    status.textContent = fill(text(message), values);
    more.parentNode.hidden = found <= shown;
    more.textContent = fill(text("more"), values);
    suggestions.hidden = found !== 0;
    root.querySelectorAll("[data-search-elsewhere]").forEach(function (a) {
      var url = new URL(a.href);
      url.searchParams.set("q", query);
      a.href = url.pathname + url.search;
    });
  };

  var data = function (results) {
    return Promise.all(results.map(function (r) { return r.data(); }));
  };

  // Pages with the answer first, then lists of pages (sections, categories) that only name it.
  var ranked = function (module, words) {
    return Promise.all([
      module.search(words, { filters: { kind: "content" } }),
      module.search(words, { filters: { kind: "list" } })
    ]).then(function (searches) {
      if (!searches[0] || !searches[1]) return null;
      var all = searches[0].results.concat(searches[1].results);
      // Pagefind matches the start of a word; for short English words ("bus") the pages that
      // have the whole word come before those that only start with it ("Businesses").
      var short = /^[a-z0-9 ]+$/i.test(words) && words.split(/\s+/).every(function (w) { return w.length <= 4; });
      if (!short || all.length > 100) return { results: all, loaded: [] };
      return data(all).then(function (loaded) {
        var whole = words.toLowerCase().split(/\s+/).map(function (w) { return new RegExp("\\b" + w + "\\b", "i"); });
        var has = function (d) {
          var text = ((d.meta && d.meta.title) || "") + " " + (d.content || "");
          return whole.every(function (re) { return re.test(text); }) ? 0 : 1;
        };
        var order = loaded.map(function (d, i) { return i; });
        order.sort(function (a, b) { return has(loaded[a]) - has(loaded[b]) || a - b; });
        return { results: order.map(function (i) { return all[i]; }), loaded: order.map(function (i) { return loaded[i]; }) };
      });
    });
  };

  var latest = 0;
  var next = function (ticket) {
    var batch = pending.splice(0, BATCH);
    var ready = batch.length && batch[0].loaded ? Promise.resolve(batch.map(function (b) { return b.loaded; })) :
      data(batch.map(function (b) { return b.result; }));
    return ready.then(function (results) {
      if (ticket !== latest) return;
      append(results);
      announce();
    });
  };

  var run = function (words) {
    words = words.trim();
    var ticket = ++latest;
    var url = new URL(window.location.href);
    if (words) url.searchParams.set("q", words);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.pathname + url.search);
    if (!words) {
      list.textContent = "";
      status.textContent = "";
      more.parentNode.hidden = true;
      suggestions.hidden = true;
      return;
    }
    status.textContent = text("loading");
    pagefind()
      .then(function (module) {
        return ranked(module, words);
      })
      .then(function (search) {
        if (!search || ticket !== latest) return null;
        query = words;
        found = search.results.length;
        pending = search.results.map(function (result, i) {
          return { result: result, loaded: search.loaded[i] };
        });
        list.textContent = "";
        return next(ticket);
      })
      .catch(function (error) {
        if (ticket !== latest) return;
        list.textContent = "";
        status.textContent = text("failed");
        fallback.hidden = false;
        fallback.querySelector("[data-search-nojs]").hidden = true;
        if (window.console) console.error(error);
      });
  };

  more.addEventListener("click", function () {
    var first = list.children.length;
    next(latest).then(function () {
      // Keyboard and screen-reader users go on from the first new result.
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      run(input.value);
    }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
