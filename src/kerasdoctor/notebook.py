"""``%load_ext kerasdoctor``: the hooks for an IPython/Jupyter session.

Findings are shown with IPython's ``display``, so a notebook renders the
report's ``_repr_html_`` (a terminal IPython falls back to its text). Each
problem is shown once per cell run: a loop of fits in one cell shows it once,
and running the cell again (after a fix that did not work, or to see it again)
shows it again.
"""

from __future__ import annotations

from . import hooks


def _new_cell_run(info=None) -> None:
    """IPython's pre_run_cell event: what was shown in the cells run before is shown again if it recurs."""
    session = hooks.wrapping._current()
    if session is not None:
        session.new_run()


def load(ipython) -> None:
    hooks.install(on_fail="display")
    if _new_cell_run not in ipython.events.callbacks["pre_run_cell"]:
        ipython.events.register("pre_run_cell", _new_cell_run)


def unload(ipython) -> None:
    hooks.uninstall()
    if _new_cell_run in ipython.events.callbacks["pre_run_cell"]:
        ipython.events.unregister("pre_run_cell", _new_cell_run)
