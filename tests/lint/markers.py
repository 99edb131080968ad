"""Expected findings written in fixtures, pylint style: `# [KD102]` on the line that must fire."""

import re
from pathlib import Path

from kerasdoctor.linter.source import Source, read_notebook

MARKER = re.compile(r"#\s*\[(KD\d{3}(?:\s*,\s*KD\d{3})*)\]")
FIXTURES = Path(__file__).parent / "fixtures"
CLEAN = Path(__file__).parent / "clean"


def expected(path: Path) -> set[tuple[str, int, str]]:
    """{(cell, line, code)}: cell is the notebook cell's number, None in a script."""
    data = path.read_bytes()
    source = read_notebook(data) if path.suffix == ".ipynb" else Source(data.decode("utf-8"))
    out = set()
    for number, line in enumerate(source.text.split("\n"), 1):
        match = MARKER.search(line)
        if match:
            cell, shown = source.locate(number)
            out |= {(cell, shown, code.strip()) for code in match.group(1).split(",")}
    return out


def found(findings) -> set[tuple[str, int, str]]:
    return {(f.cell, f.line, f.code) for f in findings}
