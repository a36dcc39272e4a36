// Loads pages in headless Chromium (Debian's, driven by playwright-core, which downloads no
// browser), runs axe-core on each at a desktop's and a phone's width, and records every request
// the page makes. Used by tests/audit.rs.
//
//   node audit.mjs < job.json > report.json
//
// job.json:    {"chromium": "/usr/bin/chromium", "parallel": 2, "widths": [1280, 360],
//               "pages": [{"name": "en home", "url": "http://127.0.0.1:PORT/en/", "check": ["css selector"]}]}
//              `check` lists checkboxes to tick before the audit (the calculator shows its totals
//              once a tip is chosen); a search page (`/search/?q=`) is audited once its search is done.
// report.json: {"axe": "4.x.y", "pages": [{"name", "url", "status",
//                "violations": [{"id", "impact", "help", "count", "width", "nodes": [{"target", "html", "summary"}]}],
//                "minor": [the same, of moderate or minor impact],
//                "requests": [every URL asked for], "foreign": [those of another origin],
//                "broken": [local requests that failed or answered 4xx/5xx], "errors": [script errors and
//                the audit's own], "ms", "loadMs", "axe<width>Ms"}]}
//
// A request is foreign when its origin is not that of the page's own server. It is recorded, and
// fails: Chromium sends everything but loopback to a proxy that is not there, and resolves no host
// name, so nothing leaves the machine whatever a page asks for. A line per page goes to stderr.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");
const axeVersion = require("axe-core/package.json").version;

const job = JSON.parse(readFileSync(0, "utf8"));
// Two pages at a time: Chromium renders one while axe-core runs in the other.
const PARALLEL = Math.max(1, Number(job.parallel || 2));
const SEARCH_WAIT_MS = 15000;
// A desktop's width, then a phone's.
const WIDTHS = job.widths || [1280, 360];
// At the other widths only the rules whose outcome depends on the layout run again (the theme
// changes no colour with the width, so colour contrast is checked once).
const NARROW_RULES = ["scrollable-region-focusable", "target-size"];

// A page that never finishes must not hold up the tests for good.
const LIMIT_MS = Number(job.limit_ms || 240000);
setTimeout(() => {
  process.stderr.write(`the audit did not finish in ${LIMIT_MS} ms\n`);
  process.exit(2);
}, LIMIT_MS).unref();

const browser = await chromium.launch({
  executablePath: job.chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    // Nothing leaves the machine: every request but those to 127.0.0.1 (which Chromium never
    // sends through a proxy) goes to a proxy that is not there, and no host name resolves.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});

const same = (a, b) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};
// URLs that never reach a network: inline data and the page's own objects.
const inline = (url) => /^(data|blob|about):/.test(url);

// In the page: axe-core's violations, with a few of the elements of each.
async function runAxe(rules) {
  const options = { resultTypes: ["violations"] };
  if (rules) options.runOnly = { type: "rule", values: rules };
  const r = await window.axe.run(document, options);
  return r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({
      target: n.target.join(" "),
      html: n.html.slice(0, 300),
      summary: (n.failureSummary || "").slice(0, 400),
    })),
    count: v.nodes.length,
  }));
}

async function audit(spec) {
  const started = Date.now();
  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 }, serviceWorkers: "block" });
  const page = await context.newPage();
  const result = {
    name: spec.name,
    url: spec.url,
    status: 0,
    violations: [],
    minor: [],
    requests: [],
    foreign: [],
    broken: [],
    errors: [],
    ms: 0,
  };
  // Requests of the page, its frames and workers: the context sees them all.
  context.on("request", (request) => {
    const url = request.url();
    result.requests.push(url);
    if (!inline(url) && !same(url, spec.url)) result.foreign.push(url);
  });
  context.on("requestfailed", (request) => {
    if (same(request.url(), spec.url)) {
      result.broken.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`);
    }
  });
  context.on("response", (response) => {
    if (response.status() >= 400 && response.url() !== spec.url) {
      result.broken.push(`${response.url()}: HTTP ${response.status()}`);
    }
  });
  page.on("pageerror", (error) => result.errors.push(String(error)));
  try {
    const response = await page.goto(spec.url, { waitUntil: "load", timeout: 30000 });
    result.status = response ? response.status() : 0;
    if (spec.url.includes("/search/") && spec.url.includes("?q=")) {
      // The search runs after load: wait until it has said how it went.
      await page
        .waitForFunction(
          () => {
            const root = document.querySelector("[data-search]");
            const status = root && root.querySelector("[data-search-status]");
            return status && status.textContent && status.textContent !== root.getAttribute("data-text-loading");
          },
          null,
          { timeout: SEARCH_WAIT_MS },
        )
        .catch(() => result.errors.push("the search did not finish"));
    }
    for (const selector of spec.check || []) {
      await page.check(selector, { timeout: 5000 }).catch((e) => result.errors.push(`check ${selector}: ${e}`));
    }
    result.loadMs = Date.now() - started;
    await page.addScriptTag({ path: axePath });
    // Each width in turn: a phone's narrow layout can hide what a wide one shows, and the reverse.
    const seen = new Set();
    for (const [i, width] of WIDTHS.entries()) {
      if (i > 0) {
        await page.setViewportSize({ width, height: 800 });
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      }
      const t = Date.now();
      const found = await page.evaluate(runAxe, i === 0 ? null : NARROW_RULES);
      result[`axe${width}Ms`] = Date.now() - t;
      for (const v of found) {
        const key = `${v.id} ${v.nodes.map((n) => n.target).join(",")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        v.width = width;
        (v.impact === "serious" || v.impact === "critical" ? result.violations : result.minor).push(v);
      }
    }
  } catch (error) {
    result.errors.push(String(error));
  }
  await context.close();
  result.ms = Date.now() - started;
  process.stderr.write(
    `${result.name}: ${result.violations.length} serious, ${result.minor.length} minor, ${result.requests.length} requests, ${result.ms} ms (load ${result.loadMs}, axe ${WIDTHS.map((w) => result[`axe${w}Ms`]).join(" + ")})\n`,
  );
  return result;
}

const queue = [...job.pages];
const results = new Map();
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (queue.length > 0) {
      const spec = queue.shift();
      results.set(spec, await audit(spec));
    }
  }),
);
await browser.close();
process.stdout.write(JSON.stringify({ axe: axeVersion, pages: job.pages.map((p) => results.get(p)) }, null, 1));
