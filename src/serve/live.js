// greenprint serve: reloads the page after a successful rebuild, and shows build errors over the
// page until they are fixed. Added by the preview server only; never part of the built site.
(function () {
  "use strict";
  var overlay = null;
  function close() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function text(tag, className, value) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = value;
    return el;
  }
  function show(problems) {
    close();
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    if (!errors.length) return;
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "gp-overlay-title");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:16px/1.6 system-ui,sans-serif;padding:2rem";
    var title = text("h2", "", errors.length + (document.documentElement.lang.indexOf("zh") === 0 ? " 个错误：修改并保存后会自动刷新" : " error(s): fix and save, and the page reloads"));
    title.id = "gp-overlay-title";
    title.style.cssText = "margin:0 0 1rem;color:#ffbf47";
    overlay.appendChild(title);
    errors.forEach(function (p) {
      var item = document.createElement("section");
      item.style.cssText = "margin:0 0 1.25rem;padding:1rem;border-left:6px solid #d4351c;background:#2b2b2b";
      var where = (p.file || "") + (p.line ? ":" + p.line : "") + (p.column ? ":" + p.column : "");
      if (where) item.appendChild(text("p", "gp-where", where)).style.cssText = "margin:0;font-family:monospace;color:#ccc";
      item.appendChild(text("p", "gp-message", p.message)).style.cssText = "margin:.25rem 0;font-weight:700;white-space:pre-wrap";
      if (p.source_line) item.appendChild(text("pre", "gp-source", p.source_line)).style.cssText = "margin:.25rem 0;background:#111;padding:.5rem;overflow:auto";
      if (p.hint) item.appendChild(text("p", "gp-hint", "→ " + p.hint)).style.cssText = "margin:.25rem 0;color:#b8e0c2";
      overlay.appendChild(item);
    });
    var button = text("button", "", "×");
    button.setAttribute("aria-label", "Close");
    button.style.cssText = "position:absolute;top:1rem;right:1rem;font-size:1.5rem;background:none;color:#fff;border:2px solid #fff;cursor:pointer";
    button.onclick = close;
    overlay.appendChild(button);
    document.body.appendChild(overlay);
    button.focus();
  }
  var source = new EventSource("/__greenprint/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
