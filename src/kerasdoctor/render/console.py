"""Any rich renderable to text or to HTML, the same way for every report kind."""

from __future__ import annotations

import io

from rich.console import Console

from ..gcpause import paused_gc

# The colours are rich's terminal theme's, chosen for its background: the <pre> sets both, so a dark
# notebook theme does not put dark-blue text on its own dark background.
HTML_CODE_FORMAT = '<pre style="font-family:monospace;color:{foreground};background-color:{background}">{code}</pre>'


def _console(width: int, color: bool, record: bool = False) -> Console:
    # force_jupyter=False: inside a notebook rich would otherwise display the
    # renderable itself instead of writing to the buffer, showing it twice.
    return Console(
        file=io.StringIO(),
        width=width,
        record=record,
        force_terminal=color,
        no_color=not color,
        force_jupyter=False,
        color_system="truecolor" if record else "standard" if color else None,
        highlight=False,
    )


def to_text(renderable, width: int = 100, color: bool = False, crop: bool = True) -> str:
    """Wrapped at ``width``, without trailing blanks; ``crop=False`` keeps lines
    that may not wrap (code to paste) whole, at some cost for large tables."""
    console = _console(width, color)
    with paused_gc():
        console.print(renderable, crop=crop)
    return "\n".join(line.rstrip() for line in console.file.getvalue().rstrip("\n").split("\n"))


def to_html(renderable, css_class: str, width: int = 100, crop: bool = True) -> str:
    """``crop=False`` as for `to_text`: code to paste stays whole (a fix is never cut in a notebook)."""
    console = _console(width, color=True, record=True)
    with paused_gc():
        console.print(renderable, crop=crop)
    return f'<div class="{css_class}">{console.export_html(inline_styles=True, code_format=HTML_CODE_FORMAT)}</div>'
