"""The user's own name for an object, so a fix reads ``data = data.batch(32)``."""

from __future__ import annotations

import ast
import contextlib
import inspect
import re
import sys

_OURS = ("kerasdoctor", "keras", "tensorflow", "scikeras", "sklearn", "IPython", "runpy")


def _user_frame():
    """The nearest frame outside kerasdoctor, Keras and friends: the code that called kd.check or fit()."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in _OURS:
        frame = frame.f_back
    return frame


def user_name(obj, default: str) -> str:
    """The name bound to ``obj`` in the nearest frame outside kerasdoctor,
    Keras and friends; ``default`` when there is none."""
    frame = _user_frame()
    return (_name_in(frame, obj) if frame is not None else None) or default


def user_binding(name: str, default=None):
    """The value ``name`` is bound to in that same frame (its locals, then its globals), ``default`` when
    it binds none. Only read, never called."""
    frame = _user_frame()
    if frame is None:
        return default
    with _scopes(frame) as scopes:
        return next((scope[name] for scope in scopes if name in scope), default)


BATCH_NAMES = re.compile(r"(batch(_?size)?|bs)", re.IGNORECASE)


def user_batch_size() -> str:
    """The user's own variable for a batch size (``BATCH = 32``, ``batch_size``) in that same frame, as a
    linter's fix keeps it; "" when there is none."""
    frame = _user_frame()
    if frame is None:
        return ""
    with _scopes(frame) as scopes:
        for scope in scopes:
            for name, value in list(scope.items()):
                if BATCH_NAMES.fullmatch(name) and type(value) is int and value > 0:
                    return name
    return ""


def _name_in(frame, obj) -> str | None:
    with _scopes(frame) as scopes:
        for scope in scopes:
            for name, value in list(scope.items()):
                if value is obj and name.isidentifier() and not name.startswith("_"):
                    return name
    return None


@contextlib.contextmanager
def _scopes(frame):
    """The frame's locals and globals, to read; the locals' snapshot is let go afterwards."""
    local = frame.f_locals
    try:
        yield (local, frame.f_globals)
    finally:
        if type(local) is dict and frame.f_code.co_flags & inspect.CO_OPTIMIZED:
            # A function's f_locals (before Python 3.13) is a snapshot dict the frame keeps: it would
            # hold every local alive after the user's `del x` until the function returns. Emptied, it
            # holds nothing; Python refills it on the next locals() or f_locals.
            local.clear()


class SourceText(str):
    """Code already written (by the linter, from the user's source): `source_of` gives it as it is."""


def source_of(value, fallback: str | None) -> str | None:
    """Code that evaluates to ``value``: its repr when that reads back equal (numbers, strings, and
    lists, tuples and dicts of them; NumPy values as Python's), else the user's name for it (element
    by element in a list or tuple), else ``fallback``."""
    if isinstance(value, SourceText):
        return str(value)
    if isinstance(value, dict) and any(isinstance(v, SourceText) for v in value.values()):
        return "{" + ", ".join(f"{k!r}: {source_of(v, fallback)}" for k, v in value.items()) + "}"
    plain = value.tolist() if type(value).__module__ == "numpy" and hasattr(value, "tolist") else value
    text = repr(plain)
    try:
        if ast.literal_eval(text) == plain:
            return text
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(plain, (list, tuple)) and plain:
        items = [source_of(item, None) for item in plain]
        if all(items):
            inside = ", ".join(items) + ("," if isinstance(plain, tuple) and len(items) == 1 else "")
            return f"[{inside}]" if isinstance(plain, list) else f"({inside})"
    name = user_name(value, "")
    return name or fallback
