#!/usr/bin/env python3
"""Sizes of src/: lines per room (folder, or top-level file), files over 700 lines and functions
over 100 lines, tests aside (a file's `#[cfg(test)] mod tests` and everything after it)."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else "src"
rooms, files, funcs = {}, [], []
for dirpath, _, names in os.walk(root):
    for name in names:
        if not name.endswith(".rs"):
            continue
        path = os.path.join(dirpath, name)
        lines = open(path, encoding="utf-8").read().split("\n")
        for i, line in enumerate(lines):
            if line.startswith("#[cfg(test)]") and i + 1 < len(lines) and lines[i + 1].startswith("mod "):
                lines = lines[:i]
                break
        rel = os.path.relpath(path, root)
        room = rel.split(os.sep)[0] if os.sep in rel else rel
        rooms[room] = rooms.get(room, 0) + len(lines)
        files.append((len(lines), rel))
        for i, line in enumerate(lines):
            m = re.match(r"^(\s*)(pub(\([a-z]+\))? )?fn (\w+)", line)
            if not m:
                continue
            indent = m.group(1)
            for j in range(i, len(lines)):
                if lines[j] == indent + "}" or (j == i and line.rstrip().endswith("}")):
                    break
                if j > i and lines[j].startswith(indent) is False and lines[j].strip() and not lines[j].startswith(indent):
                    break
            funcs.append((j - i + 1, f"{rel}:{i + 1} {m.group(4)}"))
total = sum(rooms.values())
print(f"src/: {total} lines (tests aside)")
for room, n in sorted(rooms.items(), key=lambda x: -x[1])[:8]:
    print(f"  {room:<22} {n:>6} {100 * n / total:5.1f} %")
print("files over 700 lines:", ", ".join(f"{r} ({n})" for n, r in sorted(files, reverse=True) if n > 700) or "none")
print("functions over 100 lines:", ", ".join(f"{r} ({n})" for n, r in sorted(funcs, reverse=True) if n > 100) or "none")
