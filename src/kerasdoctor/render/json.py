"""JSON, serialised in one place: a Report, a lint run, a `kerasdoctor run`, SARIF, a parameter report.

The documents are built by their owners (``Report.to_dict()``, `render.sarif.to_sarif`, ...);
this writes them, always the same way: indented by 2, NumPy values as plain numbers and
lists, paths as text. ASCII by default, so the output survives any terminal or log
encoding; the parameter report keeps its formulas' × and ² readable (``ensure_ascii=False``).
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any


def _plain(value: Any):
    """What json cannot write itself: NumPy scalars and arrays (``tolist()``), paths."""
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "tolist") and callable(value.tolist):
        return value.tolist()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(document: Any, indent: int | None = 2, ensure_ascii: bool = True) -> str:
    return json.dumps(document, indent=indent, ensure_ascii=ensure_ascii, default=_plain)
