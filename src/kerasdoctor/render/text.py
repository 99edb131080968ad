"""Terminal rendering of a Report with rich."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.syntax import Syntax
from rich.text import Text

from ..findings import Finding, Report, Severity
from .console import to_text

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline(report: Report) -> Text:
    counts = {s: sum(f.severity is s for f in report.findings) for s in Severity}
    worst = max((s for s, n in counts.items() if n), key=lambda s: s.rank, default=None)
    text = Text(f"{report.title}: ", style="bold")
    if worst is None:
        text.append("no problems found", style="bold green")
    else:
        parts = [_plural(counts[s], s.value) for s in reversed(Severity) if counts[s]]
        text.append(", ".join(parts), style=STYLE[worst])
    return text


def _indent(renderable, n: int) -> Padding:
    return Padding(renderable, (0, 0, 0, n), expand=False)


def _code_lines(code: str, n: int) -> list[Text]:
    """Code to paste: highlighted, indented, and never wrapped (a wrapped line
    of Python would not run); print with crop=False to keep long lines whole."""
    highlighted = Syntax(code, "python", theme="ansi_dark", background_color="default").highlight(code)
    highlighted.rstrip()
    lines = []
    for line in highlighted.split("\n"):
        text = Text(" " * n) + line
        text.no_wrap, text.overflow = True, "ignore"
        lines.append(text)
    return lines


def docs_renderable(markdown: str):
    """A code's documentation (`kerasdoctor rule`): rich's Markdown, with every code block's lines whole
    (print it with crop=False). rich wraps a code block at the terminal's width, and a wrapped line of
    Python does not run when pasted."""
    from rich.markdown import CodeBlock, Markdown

    class WholeLines(CodeBlock):
        def __rich_console__(self, console, options):
            yield from _code_lines(str(self.text).rstrip(), 2)

    class Docs(Markdown):
        elements = {**Markdown.elements, "fence": WholeLines, "code_block": WholeLines}

    return Docs(markdown)


def finding_renderable(finding: Finding, same_fix_as: str = ""):
    """One finding; ``same_fix_as``: the code of a finding shown above with the very same fix, which
    is then named instead of printed again (one fix to paste, however many findings it settles)."""
    head = Text()
    head.append(finding.code, style=STYLE[finding.severity])
    head.append(f" [{finding.severity.value}] ", style=STYLE[finding.severity])
    head.append(finding.slug, style="bold")
    if finding.location:
        head.append(f"  at {finding.location}", style="cyan")
    parts = [head, _indent(Text(finding.message), 4)]
    if finding.fix and same_fix_as:
        parts.append(_indent(Text(f"fix: the same as {same_fix_as} above", style="green"), 4))
    elif finding.fix:
        parts.append(_indent(Text("fix:", style="green"), 4))
        parts += _code_lines(finding.fix, 6)
    if finding.detail:
        parts.append(_indent(Text(finding.detail, style="dim"), 4))
    return Group(*parts)


def to_renderable(report: Report):
    parts = [headline(report)]
    first_with_fix: dict[str, str] = {}
    for finding in report.findings:
        parts.append(finding_renderable(finding, first_with_fix.get(finding.fix, "")))
        first_with_fix.setdefault(finding.fix, finding.code)
    tail = Text(style="dim")
    if report.passed:
        tail.append(f"passed: {_plural(len(report.passed), 'check')}")
    for skipped in report.skipped:
        tail.append(f"\nskipped {skipped.check}: {skipped.reason}")
    if tail.plain:
        parts.append(tail)
    return Group(*parts)


def render_text(report: Report, color: bool = False, width: int = 100) -> str:
    return to_text(to_renderable(report), width, color, crop=False)
