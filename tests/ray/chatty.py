"""A Ray job whose log is hard to carry (docs/api.md §9, issue 11's Ray test): N lines with ANSI
SGR codes, tabs, JSON-escaped characters, CJK and emoji; some written in two pieces with a pause
between (a line without its ending for a while), and the last one without a trailing newline.
Written in bursts over a few seconds so that a follower sees the log grow.

Usage: python -u chatty.py [lines] [bursts]"""

import sys
import time

lines = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
bursts = int(sys.argv[2]) if len(sys.argv) > 2 else 40
out = sys.stdout
for n in range(1, lines + 1):
    kind = n % 6
    if kind == 0:
        text = f"\x1b[31mERROR\x1b[0m step {n}\tfailed: \"quoted\" \\back\\slash"
    elif kind == 1:
        text = f"step {n}\t日本語のログ 中文 한국어 🚀🧪"
    elif kind == 2:
        text = f"\x1b[1;32mINFO\x1b[0m step {n} progress {n % 100}%"
    elif kind == 3:
        text = f"step {n} \x1b[38;5;208mwarm\x1b[39m \x1b[48;2;10;20;30mbg\x1b[0m ✅"
    else:
        text = f"step {n} plain text needle-{n % 1000}"
    if n % 997 == 0:
        # Half a line, flushed, then the rest: a reader may see the line without its ending.
        half = len(text) // 2
        out.write(text[:half]); out.flush()
        time.sleep(0.05)
        out.write(text[half:])
    else:
        out.write(text)
    if n < lines:
        out.write("\n")
    if n % max(1, lines // bursts) == 0:
        out.flush()
        time.sleep(0.2)
out.flush()
