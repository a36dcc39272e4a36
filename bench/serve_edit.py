#!/usr/bin/env python3
"""Time from saving a file to the preview's reload event, as a volunteer would feel it.

    python3 bench/serve_edit.py SITE_DIR [--edits N] [--binary target/release/greenprint]

Starts `greenprint serve` on SITE_DIR, listens to its event stream, then N times appends a line
to the body of one page (front matter untouched, the common edit while writing) and measures
how long until the `reload` event arrives; then does the same for an edit of the page's title
(which every list, term page and feed showing the page must follow) and for an edit of the
template the page is rendered with (every page made with it). Prints the medians. The files are
restored afterwards.
"""
import argparse, os, re, signal, socket, statistics, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def events(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__greenprint/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    sock.settimeout(120)
    buf = b""
    name = None
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            line = line.decode("utf-8", "replace").strip()
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name:
                yield name
                name = None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--binary", default="target/release/greenprint")
    args = ap.parse_args()
    port = free_port()
    proc = subprocess.Popen([args.binary, "--root", args.site, "-q", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if "http://" in line:
                port = int(re.search(r":(\d+)/", line).group(1))
                break
        stream = events(port)
        assert next(stream) == "ready"
        page = next(os.path.join(d, f) for d, _, fs in sorted(os.walk(os.path.join(args.site, "content")))
                    for f in sorted(fs) if f.endswith(".md") and not f.startswith("_index"))
        original = open(page, encoding="utf-8").read()
        def timed(edit, path=page):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(edit)
            start = time.perf_counter()
            for name in stream:
                if name == "reload":
                    return (time.perf_counter() - start) * 1000
                if name == "problems":
                    raise SystemExit(f"the edit of {path} made the build fail")
        body = [timed(original + f"\n\nedit {i}\n") for i in range(args.edits)]
        time.sleep(0.2)
        def retitle(i):
            # Quoted or not, the title gets a number at its end and stays valid YAML.
            def change(m):
                value = m.group(1)
                if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
                    return f"title: {value[:-1]} {i}{value[-1]}"
                return f"title: {value} {i}"
            return re.sub(r"^title: (.*)$", change, original, count=1, flags=re.M)
        front = [timed(retitle(i)) for i in range(max(3, args.edits // 2))]
        with open(page, "w", encoding="utf-8") as fh:
            fh.write(original)
        time.sleep(0.2)
        for _ in stream:  # the restore's own reload
            break
        template = next((os.path.join(d, "page.html") for top in ("templates", "themes")
                         for d, _, fs in sorted(os.walk(os.path.join(args.site, top)))
                         if d.endswith("templates") and "page.html" in fs), None)
        template_times = []
        if template:
            text = open(template, encoding="utf-8").read()
            template_times = [timed(text + f"\n{{# edit {i} #}}\n", template) for i in range(max(3, args.edits // 3))]
            with open(template, "w", encoding="utf-8") as fh:
                fh.write(text)
        print(f"page edited: {page}")
        print(f"body edit → reload event: median {statistics.median(body):.0f} ms (n={len(body)}, min {min(body):.0f}, max {max(body):.0f})")
        print(f"title edit → reload event: median {statistics.median(front):.0f} ms (n={len(front)}, min {min(front):.0f}, max {max(front):.0f})")
        if template_times:
            print(f"template edit ({template}) → reload event: median {statistics.median(template_times):.0f} ms (n={len(template_times)})")
    finally:
        # As Ctrl+C: the preview removes its private folder before it ends.
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

if __name__ == "__main__":
    sys.exit(main())
