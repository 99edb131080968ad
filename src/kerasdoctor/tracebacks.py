"""A traceback as the user's program would show it without kerasdoctor: our frames left out.

A hooked method's frame (``hooks/wrapping.py ... in hooked``) would otherwise top the traceback of every
error a hooked ``fit()`` raises; Keras' ``traceback_utils`` leaves its own frames out the same way.
Used where we print the traceback ourselves: ``kerasdoctor run`` and the ``sys.excepthook`` that
``kd.install()`` puts in place (IPython hides the frames itself, by ``__tracebackhide__``).
"""

from __future__ import annotations

import os
import types

_OURS = os.path.dirname(os.path.abspath(__file__)) + os.sep


def without_ours(tb):
    """The same traceback chain without kerasdoctor's frames (the chain itself when all are ours)."""
    frames = []
    start = tb
    while tb is not None:
        if not os.path.abspath(tb.tb_frame.f_code.co_filename).startswith(_OURS):
            frames.append(tb)
        tb = tb.tb_next
    if not frames:
        return start
    rebuilt = None
    for frame in reversed(frames):
        rebuilt = types.TracebackType(rebuilt, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return rebuilt
