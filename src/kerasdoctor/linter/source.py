"""Turning a file's bytes into Python source: decoding, notebooks, and where each line came from.

A notebook's code cells are joined in order into one module, so names bound
in one cell are known in the next, as when the cells run top to bottom. Each
cell is first read as IPython runs it (`ipython.python_cell`: magics, shell
escapes and help become Python, line for line). A cell that still does not
parse would fail in Jupyter too: it is reported (KD902) and blanked, so the
other cells are still linted.
"""

from __future__ import annotations

import io


class UnreadableSource(Exception):
    """The bytes are not Python source or a notebook; carries line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 0):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class Cell:
    __slots__ = ("number", "start", "lines", "indent")

    def __init__(self, number: int, start: int, lines: list[str], indent: int = 0):
        self.number = number  # 1-based position among all the notebook's cells, as Jupyter shows them
        self.start = start  # first line of the cell in the joined source (1-based)
        self.lines = lines
        self.indent = indent  # columns IPython removed from each line (a cell whose first line is indented)


class Source:
    __slots__ = ("text", "cells")

    def __init__(self, text: str, cells: list[Cell] | None = None):
        self.text = text
        self.cells = [] if cells is None else cells  # empty for a .py file

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

    def indent_at(self, line: int) -> int:
        """The indentation IPython removed from this line's cell (0 in a script)."""
        cell = self.cell_at(line) if self.cells else None
        return cell.indent if cell is not None else 0

    def blank(self, cell: Cell) -> None:
        lines = self.text.split("\n")
        for i in range(cell.start - 1, cell.start - 1 + len(cell.lines)):
            lines[i] = ""
        self.text = "\n".join(lines)


def decode_python(data: bytes) -> str:
    """Decode as Python does: PEP 263 coding cookie, else UTF-8; a BOM is dropped."""
    first_two_lines = data[: data.find(b"\n", data.find(b"\n") + 1) + 1 or len(data)]
    if b"coding" not in first_two_lines and not data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"  # the common case, decided without tokenize
    else:
        import tokenize

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


def read_notebook(data: bytes) -> Source:
    import json  # notebooks only: a .py file needs neither JSON nor IPython's syntax

    from .ipython import python_cell

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
        lines, indent = python_cell(("".join(source) if isinstance(source, list) else source).split("\n"))
        parsed.append(Cell(number, len(out) + 1, lines, indent))
        out.extend(lines)
    return Source("\n".join(out) + "\n", parsed)
