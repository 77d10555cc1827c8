#!/usr/bin/env python3
"""Draws the headline comparisons of docs/performance.md as SVG bar charts, from result files:

  servers   a results.csv of jmh/wrk/servers.sh   -> server CPU µs/request (plain, pipe) and pipelined req/s
  clients   a results.csv of jmh/wrk/clients.sh   -> client CPU µs/request
  loop      a CSV of jmh/tools/loop_table.py      -> Eddy ÷ Netty per loop operation (ns/op)

usage: charts.py [--data docs/charts/data] [--out docs/charts]
Every *.csv in the data folder whose name starts with servers-, clients- or loop- becomes one or
more SVGs of the same name in the output folder; the first line of a data file may be a comment
(# ...) naming where the figures come from, which the chart prints under its title.

Hand-written SVG (Python's standard library only), so anyone with python3 can redraw them.
"""
import argparse
import csv
import html
import os

WIDTH = 760
BAR_HEIGHT = 22
GAP = 8
CHAR = 7.6  # width of a 13 px bold character, roughly: sizes the label column
RIGHT = 110  # room for the values
EDDY = "#1f6f8b"
OTHER = "#9aa5b1"


def read_csv(path):
    """(source comment or '', rows as dicts)"""
    with open(path) as f:
        lines = f.read().splitlines()
    source = ""
    if lines and lines[0].startswith("#"):
        source = lines[0].lstrip("# ").strip()
        lines = lines[1:]
    return source, list(csv.DictReader(lines))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def bar_chart(title, subtitle, rows, unit, better, reference=None):
    """rows: (label, value, highlighted). Horizontal bars, values printed at the bar's end;
    reference: an x value drawn as a dashed line (e.g. 1.0 for a ratio)."""
    rows = [r for r in rows if r[1] is not None]
    left = int(min(WIDTH / 2, 32 + CHAR * max(len(r[0]) for r in rows)))
    sub_lines = wrap(subtitle, 120)
    top = 46 + 15 * len(sub_lines)
    height = top + len(rows) * (BAR_HEIGHT + GAP) + 34
    largest = max([r[1] for r in rows] + [reference or 0]) or 1
    scale = (WIDTH - left - RIGHT) / largest
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="12" y="22" font-size="16" font-weight="bold">{html.escape(title)}</text>']
    for i, line in enumerate(sub_lines):
        out.append(f'<text x="12" y="{42 + 15 * i}" fill="#52606d" font-size="11">{html.escape(line)}</text>')
    for i, (label, value, highlighted) in enumerate(rows):
        y = top + i * (BAR_HEIGHT + GAP)
        w = max(1.0, value * scale)
        colour = EDDY if highlighted else OTHER
        weight = ' font-weight="bold"' if highlighted else ""
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end"{weight}>{html.escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}"{weight}>{html.escape(fmt(value))} {html.escape(unit)}</text>')
    if reference is not None:
        x = left + reference * scale
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 28}" stroke="#323f4b" '
                   f'stroke-dasharray="4 3"/>')
    out.append(f'<text x="12" y="{height - 10}" fill="#52606d" font-size="11">{html.escape(better)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def wrap(text, width):
    """Splits text into lines of at most width characters, at spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def fmt(value):
    if value >= 100000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def is_eddy(label):
    return label.startswith("eddy")


def server_charts(name, source, rows):
    charts = {}
    for mode, mode_text in (("plain", "one request at a time"), ("pipe", "16 pipelined requests per write")):
        data = [(r["server"], number(r["server_cpu_us_per_req"]), is_eddy(r["server"]))
                for r in rows if r["mode"] == mode]
        if any(v is not None for _, v, _ in data):
            charts[f"{name}-cpu-{mode}.svg"] = bar_chart(
                f"Server CPU per request, {mode_text}", source, data, "µs",
                "lower is better: the server's process CPU time (user + system) per request")
    data = [(r["server"], number(r["req_per_s"]), is_eddy(r["server"])) for r in rows if r["mode"] == "pipe"]
    if any(v for _, v, _ in data):
        charts[f"{name}-pipe-rps.svg"] = bar_chart(
            "Pipelined requests per second (16 per write), server on one core", source, data, "req/s",
            "higher is better; a server whose core is not saturated is limited by wrk")
    return charts


def client_charts(name, source, rows):
    data = [(f'{r["client"]} ({r["conc"]} in flight)' if len({x["conc"] for x in rows}) > 1 else r["client"],
             number(r["client_cpu_us_per_req"]), is_eddy(r["client"])) for r in rows]
    return {f"{name}-cpu.svg": bar_chart(
        "HTTP client CPU per request, against one nginx", source, data, "µs",
        "lower is better: the client process's CPU time per request, every body checked (wrk: none)")}


def loop_charts(name, source, rows):
    data = []
    for r in rows:
        eddy, netty = number(r["eddy_ns"]), number(r["netty_ns"])
        if eddy is not None and netty:
            data.append((short(r["operation"]), eddy / netty, True))
    return {f"{name}-vs-netty.svg": bar_chart(
        "Loop internals: Eddy's time per operation ÷ Netty's", source, data, "×",
        "left of the dashed line (1.0) Eddy is faster; same JMH session, same JVM", reference=1.0)}


def short(operation):
    """The operation's name up to its first comma: 'timer scheduled 1 h ahead and cancelled'."""
    return operation.split(",")[0]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(repo, "docs", "charts", "data"))
    parser.add_argument("--out", default=os.path.join(repo, "docs", "charts"))
    args = parser.parse_args()
    kinds = {"servers-": server_charts, "clients-": client_charts, "loop-": loop_charts}
    for file in sorted(os.listdir(args.data)):
        if not file.endswith(".csv"):
            continue
        for prefix, draw in kinds.items():
            if file.startswith(prefix):
                source, rows = read_csv(os.path.join(args.data, file))
                for svg, text in draw(file[:-4], source, rows).items():
                    with open(os.path.join(args.out, svg), "w") as f:
                        f.write(text)
                    print(os.path.join(os.path.relpath(args.out, repo), svg))


if __name__ == "__main__":
    main()
