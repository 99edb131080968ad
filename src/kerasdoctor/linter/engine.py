"""Linting one file's source: parse, track, run the rules, place and suppress the findings."""

from __future__ import annotations

import ast
import warnings

from ..findings import Finding
from ..gcpause import paused_gc
from . import data_rules, model_rules, search_rules
from .source import Source, UnreadableSource
from .suppress import is_suppressed, suppressions
from .tracker import Tracker

_CALL_RULES = (data_rules.batch_size_ignored, model_rules.compile_call, model_rules.fit_call,
               search_rules.wrapper_call, search_rules.search_call)


def _on_call(tracker, call, scope):
    for rule in _CALL_RULES:
        rule(tracker, call, scope)


def _parse(text: str, filename: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # SyntaxWarning for "\d" in the user's strings
        return ast.parse(text, filename)


def _syntax_finding(path: str, source: Source | None, message: str, line: int, column: int) -> Finding:
    where = ""
    if source is not None and source.cells:
        where, line = source.locate(line)
    return Finding("KD902", message, where=where, path=path, line=max(line, 1), column=max(column, 0) + 1)


def unreadable(path: str, error: UnreadableSource) -> Finding:
    return _syntax_finding(path, None, error.message, error.line, error.column)


def _unparsable(path: str, source: Source, error: Exception) -> Finding:
    message = "source contains null bytes" if "null" in str(error) else f"cannot parse: {type(error).__name__}"
    return _syntax_finding(path, source, message, 1, 0)


def _broken_cells(source: Source, path: str) -> list[Finding]:
    """KD902 for each notebook cell that does not parse on its own; those cells are blanked."""
    findings = []
    for cell in source.cells:
        try:
            _parse("\n".join(cell.lines), path)
        except SyntaxError as error:
            line = cell.start + min(error.lineno or 1, max(len(cell.lines), 1)) - 1   # EOF errors: the cell's end
            findings.append(_syntax_finding(path, source, f"syntax error: {error.msg}", line,
                                            (error.offset or 1) - 1))
            source.blank(cell)
        except (ValueError, RecursionError, MemoryError):
            source.blank(cell)
    return findings


def _column(lines: list[str], line: int, offset: int) -> int:
    """ast gives UTF-8 byte offsets; report 1-based character columns."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if not text.isascii():
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    return offset + 1


def _order(finding: Finding) -> tuple:
    cell = int(finding.where.split()[1]) if finding.where.startswith("cell ") else 0
    return cell, finding.line or 0, finding.column or 0, finding.code


def _displayed(tree: ast.Module, source: Source) -> set[int]:
    """Lines of the expression statements Jupyter displays: the last statement of each cell."""
    last: dict[int, ast.stmt] = {}
    for statement in tree.body:
        cell = source.cell_at(statement.lineno)
        if cell is not None:
            last[cell.number] = statement
    return {s.lineno for s in last.values() if type(s) is ast.Expr}


def lint_source(source: Source, path: str) -> list[Finding]:
    with paused_gc():
        return _lint_source(source, path)


def _lint_source(source: Source, path: str) -> list[Finding]:
    findings: list[Finding] = []
    tree = None
    try:
        tree = _parse(source.text, path)
    except SyntaxError as error:
        if not source.cells:
            return [_syntax_finding(path, source, f"syntax error: {error.msg}", error.lineno or 1,
                                    (error.offset or 1) - 1)]
        findings = _broken_cells(source, path)   # report and blank them, then lint the rest
        try:
            tree = _parse(source.text, path)
        except SyntaxError as again:
            findings.append(_syntax_finding(path, source, f"syntax error: {again.msg}", again.lineno or 1,
                                            (again.offset or 1) - 1))
            return findings
        except (ValueError, RecursionError, MemoryError) as failure:
            return findings + [_unparsable(path, source, failure)]
    except (ValueError, RecursionError, MemoryError) as failure:
        return [_unparsable(path, source, failure)]
    if tree is None:
        return findings
    tracker = Tracker(tree, _on_call, data_rules.discarded_transformation, search_rules.legacy_import)
    tracker.displayed = _displayed(tree, source)
    try:
        tracker.run()
    except RecursionError:
        findings.append(_syntax_finding(path, source, "cannot analyse: nesting too deep", 1, 0))
    ignored = suppressions(source.text)
    lines = source.text.split("\n") if tracker.found else []
    for code, line, offset, message, fix, severity in sorted(tracker.found, key=lambda f: (f[1], f[2], f[0])):
        if is_suppressed(ignored, line, code):
            continue
        where, shown = source.locate(line)
        findings.append(Finding(code, message, where=where, fix=fix, severity=severity, path=path,
                                line=shown, column=_column(lines, line, offset)))
    return sorted(findings, key=_order)
