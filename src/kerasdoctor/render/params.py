"""Rendering of the parameter report: a rich table (terminal and HTML), Markdown, explanations."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text


def human_bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def memory(by_dtype: dict) -> str:
    return ", ".join(f"{human_bytes(b)} {d}" for d, b in by_dtype.items()) or "-"


def replication_text(spread) -> str:
    """ "Mirrored by MirroredStrategy over 2 replicas: each replica holds a whole copy of the weights,
    1.2 KB float32; 2.3 KB float32 in all." """
    verb = "Mirrored" if spread.unit == "replica" else "Laid out"
    holds = (
        "a part of the weights (some are split)"
        if spread.split
        else "a whole copy of the weights" + (" (none is split)" if spread.unit == "device" else "")
    )
    return (
        f"{verb} by {spread.how} over {spread.copies} {spread.unit}s: each {spread.unit} holds {holds}, "
        f"{memory(spread.per_copy)}; {memory(spread.total)} in all."
    )


def count(n: int | None) -> str:
    """A parameter count; "?" when unknown (not built)."""
    return "?" if n is None else f"{n:,}"


def _rows(report, rows, depth=0):
    for row in rows:
        yield depth, row
        if report.expand and row.children:
            yield from _rows(report, row.children, depth + 1)


def _formula_cell(row) -> tuple[str, str | None]:
    if row.shared:
        return "shared: counted once, above", "dim"
    if row.formula is not None:
        return row.formula, None
    if not row.params:
        return row.note or "-", "dim"
    return row.explained, "yellow"


def report_renderable(report):
    return _ReportTable(report)


HEADERS = ["Layer (type)", "Output shape", "Formula", "Params", "Trainable", "Non-trainable", "Memory"]
# When the table is wider than the terminal, text columns give way in this
# order, each down to a floor; the numbers never wrap.
SHRINK = [(2, 24), (0, 18), (1, 12), (6, 10)]
NARROW = [0, 1, 2, 3]  # the columns kept when even the floors do not fit


class _ReportTable:
    """The report as a rich Table, sized to the console it is printed on."""

    def __init__(self, report):
        self.report = report

    def __rich_console__(self, console, options):
        report = self.report
        cells, styles = [], []
        for depth, row in _rows(report, report.rows):
            name = ("  " * depth + ("└ " if depth else "")) + f"{row.name} ({row.type})"
            formula, style = _formula_cell(row)
            cells.append(
                [
                    name,
                    row.output_shape,
                    formula,
                    count(row.params),
                    count(row.trainable),
                    count(row.non_trainable),
                    memory(row.bytes),
                ]
            )
            styles.append(style)
        t = report.totals
        footer = [
            "Total",
            "",
            "not built" if not report.built else "",
            count(t["params"]),
            count(t["trainable"]),
            count(t["non_trainable"]),
            memory(t["bytes"]),
        ]
        # Column widths computed here from the strings: rich would otherwise
        # measure every cell of an 800-row table through its renderable
        # protocol, which is most of the rendering time.
        widths = [max(len(c[i]) for c in [HEADERS, footer, *cells]) for i in range(len(HEADERS))]
        widths[2] = min(widths[2], 60)
        natural = list(widths)
        columns = list(range(len(HEADERS)))
        floors = dict(SHRINK)
        smallest = [min(w, floors.get(i, w)) for i, w in enumerate(widths)]
        if sum(smallest) + 3 * len(widths) + 1 > options.max_width:
            columns = NARROW  # a narrow terminal: the trainable split and memory are in to_markdown()/to_dict()
        excess = sum(widths[i] for i in columns) + 3 * len(columns) + 1 - options.max_width
        for column, floor in SHRINK:
            if excess <= 0:
                break
            give = min(excess, max(0, widths[column] - floor))
            widths[column] -= give
            excess -= give
        table = Table(title=f"Parameters of {report.title}", title_justify="left", show_footer=True)
        captions = []
        if columns == NARROW:
            captions.append(
                f"trainable {count(t['trainable'])}, non-trainable {count(t['non_trainable'])}, "
                f"{memory(t['bytes'])}; per layer in a wider terminal or .to_markdown()"
            )
        if not report.built:
            captions.append(report.not_built + ".")
        if report.per_replica:
            captions.append(report.per_replica)
        if captions:
            table.caption = "\n".join(captions)
            table.caption_justify = "left"
        for i in columns:
            # Only a column narrower than its longest cell wraps: wrapping is the costly part of rendering.
            table.add_column(
                HEADERS[i],
                footer=footer[i],
                width=widths[i],
                justify="right" if 3 <= i <= 5 else "left",
                overflow="fold",
                no_wrap=widths[i] >= natural[i],
            )
        for row_cells, style in zip(cells, styles):
            # Text, not str: names and shapes are shown as they are, never parsed as rich markup.
            texts = [Text(row_cells[i]) for i in columns]
            texts[columns.index(2)].stylize(style or "")
            table.add_row(*texts, style="dim" if style == "dim" else None)
        yield table


def explanation_renderable(row):
    head = Text(f"{row.name} ({row.type}): ", style="bold")
    if row.formula is not None:
        head.append(f"{row.symbolic}\n  = {row.formula}")
    else:
        head.append(row.explained, style="yellow")
    table = Table("weight", "shape", "params", "trainable", "dtype", "what it is", box=None, pad_edge=False)
    for w in row.weights:
        table.add_row(w.name, str(w.shape), f"{w.params:,}", "yes" if w.trainable else "no", w.dtype, w.meaning)
        for where, what in w.slices:
            table.add_row(f"  {where}", "", "", "", "", what, style="cyan")
    parts = [head, table]
    if row.note and row.built:  # an unbuilt row's note is its head already
        parts.append(Text(row.note, style="italic"))
    return Group(*parts)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|")


def render_markdown(report) -> str:
    lines = [
        f"**Parameters of {_md(report.title)}**",
        "",
        "| Layer (type) | Output shape | Formula | Params | Trainable | Non-trainable | Memory |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for depth, row in _rows(report, report.rows):
        name = "&nbsp;&nbsp;" * depth + f"{row.name} ({row.type})"
        formula = (
            "shared: counted once, above"
            if row.shared
            else (row.formula if row.formula is not None else (row.explained if row.params else row.note or "-"))
        )
        lines.append(
            f"| {_md(name)} | {_md(row.output_shape)} | {_md(formula)} | {count(row.params)} | "
            f"{count(row.trainable)} | {count(row.non_trainable)} | {memory(row.bytes)} |"
        )
    t = report.totals
    lines.append(
        f"| **Total** | | {'not built' if not report.built else ''} | **{count(t['params'])}** | "
        f"{count(t['trainable'])} | {count(t['non_trainable'])} | {memory(t['bytes'])} |"
    )
    if not report.built:
        lines += ["", _md(report.not_built) + "."]
    if report.per_replica:
        lines += ["", _md(report.per_replica)]
    return "\n".join(lines)
