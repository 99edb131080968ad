"""Rendering of the parameter report: a rich table (terminal and HTML), Markdown, explanations."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Span, Text


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
NUMBERS = (3, 4, 5)  # right-aligned
FORMULA, FORMULA_FLOOR = 2, 24  # the one column that wraps (at spaces) when the table is too wide
NARROW = [0, 1, 2, 3]  # the columns kept when the full table does not fit even so
# rich's HEAVY_HEAD box, as rich.table.Table draws it by default
TOP, HEAD, HEAD_RULE = ("┏", "━", "┳", "┓"), ("┃", "┃", "┃"), ("┡", "━", "╇", "┩")
BODY, FOOT_RULE, BOTTOM = ("│", "│", "│"), ("├", "─", "┼", "┤"), ("└", "─", "┴", "┘")


class _ReportTable:
    """The report as a table, sized to the console it is printed on and laid out here, line by line.

    rich's Table measures and wraps every cell through its renderable protocol, which for the 800
    rows of EfficientNetB7 cost more than Keras' own summary() (bench/params_speed.py); the widths
    are known from the strings, so the lines are built as strings with their styles as spans and
    rich only prints them (terminal, text and HTML alike). No name is ever cut: layer names,
    shapes and counts keep their width; only the formula wraps, at spaces, and in a terminal too
    narrow even then the lines run past its edge rather than break a name (issue 15, point 14).
    """

    def __init__(self, report):
        self.report = report

    def __rich_console__(self, console, options):
        report = self.report
        cells, styles = [], []
        for depth, row in _rows(report, report.rows):
            name = ("  " * depth + ("└ " if depth else "")) + f"{row.name} ({row.type})"
            formula, style = _formula_cell(row)
            cells.append(
                (
                    name,
                    row.output_shape,
                    formula,
                    count(row.params),
                    count(row.trainable),
                    count(row.non_trainable),
                    memory(row.bytes),
                )
            )
            styles.append(style)
        t = report.totals
        footer = (
            "Total",
            "",
            "not built" if not report.built else "",
            count(t["params"]),
            count(t["trainable"]),
            count(t["non_trainable"]),
            memory(t["bytes"]),
        )
        widths = [max(len(c[i]) for c in (HEADERS, footer, *cells)) for i in range(len(HEADERS))]
        widths[FORMULA] = min(widths[FORMULA], 60)
        columns = _fitting_columns(widths, options.max_width)
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
        w = [widths[i] for i in columns]
        lines = [_line(Text(f"Parameters of {report.title}", style="italic"))]
        lines.append(_rule(TOP, w))
        lines += _row([HEADERS[i] for i in columns], columns, w, HEAD, "bold", None)
        lines.append(_rule(HEAD_RULE, w))
        for row_cells, style in zip(cells, styles):
            lines += _row([row_cells[i] for i in columns], columns, w, BODY, "dim" if style == "dim" else None, style)
        lines.append(_rule(FOOT_RULE, w))
        lines += _row([footer[i] for i in columns], columns, w, BODY, "bold", None)
        lines.append(_rule(BOTTOM, w))
        lines += [_line(Text(caption, style="italic dim")) for caption in captions]
        yield from lines


def _fitting_columns(widths: list[int], room: int) -> list[int]:
    """The columns shown, with the formula's width (``widths`` is changed) cut to what ``room`` leaves."""
    columns = list(range(len(HEADERS)))
    for keep in (columns, NARROW):
        excess = sum(widths[i] for i in keep) + 3 * len(keep) + 1 - room
        if excess <= 0 or keep is NARROW or widths[FORMULA] - excess >= FORMULA_FLOOR:
            widths[FORMULA] = max(min(widths[FORMULA], FORMULA_FLOOR), widths[FORMULA] - max(excess, 0))
            return keep
    return NARROW


def _line(text: Text) -> Text:
    text.no_wrap, text.overflow, text.end = True, "ignore", "\n"
    return text


def _rule(box: tuple[str, str, str, str], widths: list[int]) -> Text:
    left, fill, cross, right = box
    return _line(Text(left + cross.join(fill * (w + 2) for w in widths) + right))


def _row(values: list[str], columns: list[int], widths: list[int], box, row_style, formula_style) -> list[Text]:
    """One table row as lines (several when its formula wraps), each a Text with its styles as spans."""
    left, middle, right = box
    wrapped = [
        _wrap(v, widths[k]) if columns[k] == FORMULA and len(v) > widths[k] else [v] for k, v in enumerate(values)
    ]
    lines = []
    for n in range(max(map(len, wrapped))):
        text, spans, at = [left], [], 1
        for k, parts in enumerate(wrapped):
            value = parts[n] if n < len(parts) else ""
            padded = value.rjust(widths[k]) if columns[k] in NUMBERS else value.ljust(widths[k])
            text.append(f" {padded} {middle if k < len(wrapped) - 1 else right}")
            if columns[k] == FORMULA and formula_style:
                spans.append(Span(at + 1, at + 1 + len(padded), formula_style))
            at += len(padded) + 3
        line = Text("".join(text), style=row_style or "", spans=spans)
        lines.append(_line(line))
    return lines


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


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
