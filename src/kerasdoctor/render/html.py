"""HTML for Jupyter (``Report._repr_html_``), exported from the same rich renderable."""

from __future__ import annotations

import io

from rich.console import Console

from ..findings import Report
from .text import to_renderable


def render_html(report: Report, width: int = 100) -> str:
    # force_jupyter=False: inside a notebook rich would otherwise display the
    # report itself instead of writing to the buffer, showing it twice
    console = Console(file=io.StringIO(), record=True, width=width, force_terminal=True, force_jupyter=False,
                      color_system="truecolor", highlight=False)
    console.print(to_renderable(report))
    html = console.export_html(inline_styles=True, code_format="<pre style=\"font-family:monospace\">{code}</pre>")
    return f'<div class="kerasdoctor-report">{html}</div>'
