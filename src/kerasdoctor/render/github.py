"""GitHub Actions workflow commands: one `::error file=...,line=...,col=...,title=...::message` per finding.

Works on any Report: findings without a path become annotations without a
file; a finding in a notebook cell annotates the notebook file and names the
cell and line in the message (a cell's line is not a line of the .ipynb).
Severity maps to `error`, `warning`, `notice`. Escaping follows the
runner's rules (`%`, CR and LF in the message; also `:` and `,` in properties).
"""

from __future__ import annotations

from ..findings import Finding, Report, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = []
    message = finding.message
    if finding.path is not None:
        properties.append(f"file={_property(finding.path)}")
        if finding.cell is not None:
            # A notebook cell's line is not a line of the .ipynb file: annotate the file, name the cell.
            message = f"cell {finding.cell}, line {finding.line}: {message}"
        elif finding.line is not None:
            properties.append(f"line={finding.line}")
            if finding.column is not None:
                properties.append(f"col={finding.column}")
    properties.append(f"title={_property(f'{finding.code} {finding.slug}')}")
    if finding.path is None and finding.where:
        message = f"{finding.where}: {message}"
    if finding.fix:
        message += f"\nfix: {finding.fix}"
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{_data(message)}"


def render_github(report: Report) -> str:
    return "\n".join(annotation(f) for f in report.findings)
