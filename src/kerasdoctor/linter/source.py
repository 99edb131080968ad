"""Turning a file's bytes into Python source: decoding, notebooks, and where each line came from.

A notebook's code cells are joined in order into one module, so names bound
in one cell are known in the next, as when the cells run top to bottom.
IPython syntax (`%magic`, `!shell`, `%%cell_magic`, `x = !cmd`, help as
`obj?`, `obj??`, `?obj`, `x = obj?`) is blanked, keeping line numbers. A
cell that still does not parse is reported (KD902) and blanked, so the other
cells are still linted.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import dataclass, field

# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
# A line IPython rewrites before Python sees it: `%magic`, `!shell`, `?obj`, `x = !cmd`, `x = %magic`, and
# help at the end of a line (`obj?`, `obj??`, `x = obj?`, `a[0]?`, `tf.*Dataset*?`), which
# IPython.core.inputtransformer2 turns into %pinfo / %pinfo2 / %psearch whatever precedes the name.
# Python has no `?` token, so a line ending in one can otherwise only be inside a string or a comment,
# and blanking such a line (no quote on it) leaves the string or comment valid.
_IPYTHON_LINE = re.compile(r"^\s*(%|!|\?)|^\s*\w+\s*=\s*[!%]|^\s*(?:[\w.]+\s*=\s*)?%{0,2}[\w.*\[\]]+\?\??\s*$")


class UnreadableSource(Exception):
    """The bytes are not Python source or a notebook; carries line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 0):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass
class Cell:
    number: int  # 1-based position among all the notebook's cells, as Jupyter shows them
    start: int  # first line of the cell in the joined source (1-based)
    lines: list[str]


@dataclass
class Source:
    text: str
    cells: list[Cell] = field(default_factory=list)  # empty for a .py file

    def locate(self, line: int) -> tuple[int | None, int]:
        """(cell, line): (3, 2) in a notebook, (None, line) in a script."""
        for cell in reversed(self.cells):
            if line >= cell.start:
                return cell.number, line - cell.start + 1
        return None, line

    def cell_at(self, line: int) -> Cell | None:
        for cell in reversed(self.cells):
            if line >= cell.start:
                return cell
        return None

    def blank(self, cell: Cell) -> None:
        lines = self.text.split("\n")
        for i in range(cell.start - 1, cell.start - 1 + len(cell.lines)):
            lines[i] = ""
        self.text = "\n".join(lines)


def decode_python(data: bytes) -> str:
    """Decode as Python does: PEP 263 coding cookie, else UTF-8; a BOM is dropped."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise UnreadableSource(f"cannot decode: {error}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1)
        raise UnreadableSource(
            f"not valid {encoding}: byte {data[error.start]:#04x} at offset {error.start} "
            f"(Python would refuse to run this file)",
            line,
            column,
        ) from None
    except LookupError:
        raise UnreadableSource(f"unknown encoding {encoding!r} in the coding declaration") from None


def _python_lines(source: list[str] | str) -> list[str]:
    text = "".join(source) if isinstance(source, list) else source
    lines = text.split("\n")
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split(None, 1)[0] if lines[0][2:].strip() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return [""] * len(lines)
        lines[0] = ""
    return ["" if _IPYTHON_LINE.search(line) else line for line in lines]


def read_notebook(data: bytes) -> Source:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UnreadableSource(f"malformed notebook: not UTF-8 ({error.reason} at offset {error.start})") from None
    except json.JSONDecodeError as error:
        raise UnreadableSource(
            f"malformed notebook: not JSON ({error.msg} at line {error.lineno} column {error.colno})",
            error.lineno,
            error.colno - 1,
        ) from None
    except RecursionError:  # json's decoder recurses per nested bracket; nbformat nests four deep
        raise UnreadableSource("malformed notebook: JSON nested too deeply to read") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise UnreadableSource("malformed notebook: no list of cells (nbformat 4 expected)")
    out: list[str] = []
    parsed: list[Cell] = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            raise UnreadableSource(f"malformed notebook: cell {number} has no text source")
        lines = _python_lines(source)
        parsed.append(Cell(number, len(out) + 1, lines))
        out.extend(lines)
    return Source("\n".join(out) + "\n", parsed)
