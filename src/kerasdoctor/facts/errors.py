"""Facts about an error Keras or TensorFlow raised: does its message match a pattern, and its numbers.

The patterns themselves, and what each means, are the detectors in
`kerasdoctor.checks.errors`; here is only the reading: the message without
Keras' ANSI bold, the shapes and integers it holds, and whether the traceback
passes through a package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a printed shape: (None, 75), (75,), (), or as NumPy and TensorFlow print them: [None 1 1 1], [28,28,1,1]
SHAPE = r"(?:\((?:None|\d+|, ?|\s)*\)|\[(?:None|\d+|[ ,])*\])"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Keras bolds the inner message of a layer-call error
_SHAPES = ("expected", "got", "target", "output", "shape", "kernel")
_INTEGERS = ("label", "classes", "index", "size", "ndim", "found", "window", "first", "second", "axis", "parts")


@dataclass(frozen=True)
class ErrorPattern:
    pattern: re.Pattern
    source: str  # where Keras/TensorFlow raises it, for whoever updates the table
    through: str = ""  # a generic message counts only when the traceback passes through this package


def error_pattern(regex: str, source: str, through: str = "") -> ErrorPattern:
    """``SHAPE`` in ``regex`` stands for a printed shape; named groups of the names in _SHAPES and
    _INTEGERS are read as shapes and integers."""
    return ErrorPattern(re.compile(regex.replace("SHAPE", SHAPE), re.DOTALL), source, through)


def _passes_through(error: BaseException, package: str) -> bool:
    tb = error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name == package or name.startswith(package + "."):
            return True
        tb = tb.tb_next
    return False


def _shape(text: str) -> tuple:
    return tuple(None if d == "None" else int(d) for d in re.findall(r"None|\d+", text))


def message_fields(error: BaseException, pattern: ErrorPattern) -> dict | None:
    """The numbers the message gives when it matches ``pattern`` (shapes as tuples); None otherwise."""
    match = pattern.pattern.search(_ANSI.sub("", str(error)))
    if match is None or (pattern.through and not _passes_through(error, pattern.through)):
        return None
    fields = {}
    for key, value in match.groupdict().items():
        if key in _SHAPES:
            fields[key] = _shape(value)
        elif key in _INTEGERS:
            fields[key] = int(value)
        else:
            fields[key] = value
    return fields
