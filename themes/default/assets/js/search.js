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
  var MAX = 20;
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
        return module.options({ excerptLength: 36, noWorker: true }).then(function () {
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

  var show = function (query, total, results) {
    list.textContent = "";
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
      li.appendChild(excerpt(result.excerpt || ""));
      list.appendChild(li);
    });
    var values = { q: query, n: total, shown: results.length };
    var message =
      total === 0 ? "none" : total === 1 ? "one" : total > results.length ? "many-shown" : "many";
    status.textContent = fill(text(message), values);
  };

  var latest = 0;
  var run = function (query) {
    query = query.trim();
    var ticket = ++latest;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.pathname + url.search);
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = text("loading");
    pagefind()
      .then(function (module) {
        return module.search(query);
      })
      .then(function (search) {
        if (!search || ticket !== latest) return null;
        var top = search.results.slice(0, MAX);
        return Promise.all(
          top.map(function (r) {
            return r.data();
          })
        ).then(function (results) {
          if (ticket === latest) show(query, search.results.length, results);
        });
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
