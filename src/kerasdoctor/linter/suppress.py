"""Inline suppression: `# kerasdoctor: ignore[KD102, KD201]` or a bare `# kerasdoctor: ignore`.

Comments are found with `tokenize`, so the text inside a string never counts.
The comment applies to the line it is on, which is the line a finding reports
(the first line of a statement that spans several).
"""

from __future__ import annotations

import io
import re

_DIRECTIVE = r"#\s*kerasdoctor:\s*ignore\b(?:\[([^\]]*)\])?"
ALL = frozenset({"*"})


def suppressions(text: str) -> dict[int, frozenset[str]]:
    """line -> codes suppressed on it (ALL for a bare ignore)."""
    if "kerasdoctor" not in text.lower() or re.search(_DIRECTIVE, text, re.IGNORECASE) is None:
        return {}  # no directive anywhere (the common case, without tokenizing): nothing in the comments
    import tokenize  # only for a file with a directive in it

    out: dict[int, frozenset[str]] = {}
    try:
        comments = [
            (tok.start[0], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        # Unfinished source: fall back to a line scan, which may also see text in strings.
        comments = [(n, line[line.index("#") :]) for n, line in enumerate(text.split("\n"), 1) if "#" in line]
    for line, comment in comments:
        match = re.search(_DIRECTIVE, comment, re.IGNORECASE)
        if match is None:
            continue
        if match.group(1) is None:
            out[line] = ALL
        else:
            out[line] = frozenset(c.strip().upper() for c in match.group(1).split(",") if c.strip())
    return out


def is_suppressed(table: dict[int, frozenset[str]], line: int, code: str) -> bool:
    codes = table.get(line)
    return codes is not None and (codes is ALL or code in codes)
