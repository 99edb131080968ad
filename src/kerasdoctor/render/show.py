"""Showing a report as it happens: a warning per finding, text on a stream, or IPython's display.

The hooks' session decides *what* is new; this decides how it is shown. No
rich at import: the text is rendered only when a report is printed.
"""

from __future__ import annotations

import sys

from ..findings import Report

HOW = ("warn", "print", "display")


def show(report: Report, how: str, stream=None, stacklevel: int = 1) -> None:
    """Show ``report`` by ``how``: "warn" (a `KerasDoctorWarning` per finding), "print" (text on
    ``stream``, default stderr, in colour on a terminal), "display" (IPython's display: HTML in a
    notebook, text on ``stream`` outside IPython). Any other ``how`` ("return", "raise") shows nothing.

    ``stacklevel``: whose line a warning points at, counted as ``warnings.warn`` does
    from the caller of `show` (1: that caller).
    """
    if how == "warn":
        report.warn(stacklevel=stacklevel + 1)
    elif how == "print":
        stream = stream or sys.stderr
        color = bool(getattr(stream, "isatty", lambda: False)())
        stream.write(report.render_text(color=color) + "\n")
        stream.flush()
    elif how == "display":
        try:
            from IPython.display import display
        except ImportError:  # not in IPython after all: text on stderr
            (stream or sys.stderr).write(report.render_text() + "\n")
        else:
            display(report)  # a notebook renders its _repr_html_
