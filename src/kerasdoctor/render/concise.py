"""Ruff-like text, one finding per line: `path:line:col: CODE [severity] message`, then `fix:`.

In a notebook the location reads `notebook.ipynb:cell 3:2:5:` (cell, line in
the cell, column), as ruff prints it. Plain text, no colour: made for editors,
terminals and logs that parse `path:line:col:`.
"""

from __future__ import annotations

from ..findings import Finding, Report


def location(finding: Finding) -> str:
    return finding.location or "<object>"


def render_finding(finding: Finding) -> str:
    lines = [f"{location(finding)}: {finding.code} [{finding.severity.value}] {finding.message}"]
    if finding.fix:
        fix = finding.fix.split("\n")
        lines.append(f"    fix: {fix[0]}")
        lines += [f"         {line}" for line in fix[1:]]
    return "\n".join(lines)


def summary(report: Report, files: int | None = None) -> str:
    checked = "" if files is None else f" in {files} file{'' if files == 1 else 's'}"
    n = len(report.findings)
    if not n:
        return f"No findings{checked}."
    counts = [
        f"{len(group)} {name}{'' if len(group) == 1 else 's'}"
        for name, group in (
            ("error", report.errors),
            ("warning", report.warnings),
            ("info", [f for f in report.findings if f.severity.value == "info"]),
        )
        if group
    ]
    return f"Found {n} finding{'' if n == 1 else 's'}{checked} ({', '.join(counts)})."


def render_concise(report: Report, files: int | None = None) -> str:
    blocks = [render_finding(f) for f in report.findings]
    return "\n".join(blocks + [summary(report, files)])
