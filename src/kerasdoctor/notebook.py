"""``%load_ext kerasdoctor``: the hooks for an IPython/Jupyter session.

Findings are shown with IPython's ``display``, so a notebook renders the
report's ``_repr_html_`` (a terminal IPython falls back to its text).
"""

from __future__ import annotations

from . import hooks


def load(ipython) -> None:
    hooks.install(on_fail="display")


def unload(ipython) -> None:
    hooks.uninstall()
