"""The user's own name for an object, so a fix reads ``data = data.batch(32)``."""

from __future__ import annotations

import sys

_OURS = ("kerasdoctor", "keras", "tensorflow", "scikeras", "sklearn", "IPython", "runpy")


def user_name(obj, default: str) -> str:
    """The name bound to ``obj`` in the nearest frame outside kerasdoctor,
    Keras and friends; ``default`` when there is none."""
    frame = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.split(".")[0] not in _OURS:
            for scope in (frame.f_locals, frame.f_globals):
                for name, value in list(scope.items()):
                    if value is obj and name.isidentifier() and not name.startswith("_"):
                        return name
            return default
        frame = frame.f_back
    return default
