"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

The rules come from the registry (`kerasdoctor.codes`): id, name (the slug), short and
full descriptions, and the full documentation as help, so a code-scanning
alert shows the same text as `kerasdoctor rule CODE`. Works on any Report;
a finding without a path gets a logical location (its `where`) instead of a
physical one. A finding in a notebook cell has no region (a cell's line is
not a line of the .ipynb file): the cell, line and column are in the message
and in the result's properties.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from .._version import __version__
from ..codes import Code, all_codes
from ..findings import Finding, Report, Severity
from .json import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(rule: Code) -> dict:
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": rule.docs, "markdown": rule.docs},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [rule.family]},
    }


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix())


def _result(finding: Finding, index: dict[str, int]) -> dict:
    text = finding.message
    in_cell = finding.cell is not None and finding.path is not None
    if in_cell:
        text = f"cell {finding.cell}, line {finding.line}, column {finding.column}: {text}"
    if finding.fix:
        text += f"\nfix: {finding.fix}"
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
    }
    if finding.path is not None:
        location: dict = {"artifactLocation": {"uri": _uri(finding.path)}}
        if not PurePath(finding.path).is_absolute():
            location["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
        if finding.line is not None and not in_cell:
            region = {"startLine": finding.line}
            if finding.column is not None:
                region["startColumn"] = finding.column
            location["region"] = region
        result["locations"] = [{"physicalLocation": location}]
        if in_cell:
            result["properties"] = {"cell": finding.cell, "line": finding.line, "column": finding.column}
    elif finding.where:
        result["locations"] = [{"logicalLocations": [{"fullyQualifiedName": finding.where}]}]
    return result


def to_sarif(report: Report) -> dict:
    # Every registered rule, so viewers can show docs for codes this run did not produce.
    table = all_codes()
    index = {rule.code: i for i, rule in enumerate(table)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kerasdoctor",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/kerasdoctor/",
                        "rules": [_rule(rule) for rule in table],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in report.findings],
            }
        ],
    }


def render_sarif(report: Report) -> str:
    return dumps(to_sarif(report))
