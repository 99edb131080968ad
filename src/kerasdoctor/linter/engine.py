"""Linting one file's source: parse, track, run the rules, place and suppress the findings."""

from __future__ import annotations

import ast
import warnings

from ..codes import internal
from ..codes.registry import LINT_ATTRIBUTE, LINT_CALL, LINT_IMPORT, LINT_PARSE, LINT_STATEMENT, detectors, register
from ..findings import Finding
from ..gcpause import paused_gc
from . import (  # noqa: F401  (register the rules, in this order)
    data_rules,
    distribution_rules,
    migration_names,
    migration_rules,
    model_rules,
    search_rules,
    silent_rules,
    wrapper_rules,
)
from .source import Source, UnreadableSource
from .suppress import is_suppressed, suppressions
from .tracker import Tracker


def _rules(kind: str):
    rules = tuple(d.target for d in detectors(kind))

    def run(tracker, node, scope):
        for rule in rules:
            rule(tracker, node, scope)

    return run


def _call_rules():
    """The LINT_CALL rules, dispatched by the callee's last name (`fit` for `model.fit(...)`): a rule that
    lists the names it can fire on (`callees`) runs only on those calls, the others on every call."""
    always, by_name = [], {}
    for detector in detectors(LINT_CALL):
        names = getattr(detector.target, "callees", None)
        if names is None:
            always.append(detector.target)
        for name in names or ():
            by_name.setdefault(name, []).append(detector.target)
    order = [d.target for d in detectors(LINT_CALL)]  # each call's rules in registration order
    by_name = {name: tuple(sorted(always + rules, key=order.index)) for name, rules in by_name.items()}
    always = tuple(always)

    def run(tracker, call, scope):
        func = call.func
        kind = type(func)
        if kind is ast.Attribute:
            name = func.attr
        elif kind is ast.Name:  # through an import alias: `GS(...)` after `import GridSearchCV as GS`
            bound = scope.lookup(func.id)
            name = bound.rpartition(".")[2] if isinstance(bound, str) else func.id
        else:
            name = None
        for rule in by_name.get(name, always):
            rule(tracker, call, scope)

    return run


_CALL_RULES = _call_rules()
# The attribute names the LINT_ATTRIBUTE rules look at (each rule lists its own in `attributes`).
_WATCHED = frozenset().union(*(getattr(d.target, "attributes", ()) for d in detectors(LINT_ATTRIBUTE)))


def _parse(text: str, filename: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" in the user's strings
        return ast.parse(text, filename)


def _syntax_finding(path: str, source: Source | None, message: str, line: int, column: int) -> Finding:
    cell = None
    if source is not None and source.cells:
        column += source.indent_at(line)
        cell, line = source.locate(line)
    return internal.unparsable(message, path=path, line=max(line, 1), column=max(column, 0) + 1, cell=cell)


register(LINT_PARSE, "parse", (internal.KD902,), _syntax_finding)


def crashed(path: str, error: Exception) -> Finding:
    """KD900 for a file whose linting raised (a bug of ours): the other files are linted all the same."""
    finding = internal.check_crashed("lint", error, then="the other files were linted")
    return finding.replace(path=path, line=1, column=1)


def unreadable(path: str, error: UnreadableSource) -> Finding:
    return _syntax_finding(path, None, error.message, error.line, error.column)


UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)  # what ast.parse raises on bad source


def _unparsable(path: str, source: Source, error: Exception, line: int = 1) -> Finding:
    """KD902 for what ast.parse raised: a syntax error where it is, null bytes, nesting too deep for Python's
    parser (``line``: where to report what has no line of its own, a notebook cell's first line)."""
    if isinstance(error, SyntaxError) and "null bytes" not in str(error.msg):
        return _syntax_finding(path, source, f"syntax error: {error.msg}", error.lineno or 1, (error.offset or 1) - 1)
    if "null bytes" in str(error):
        message = "source contains null bytes"
    elif isinstance(error, (RecursionError, MemoryError)):  # Python's own compile() raises the same on it
        message = f"cannot parse: nested too deeply ({type(error).__name__}, as Python itself raises running it)"
    else:
        message = f"cannot parse: {type(error).__name__}"
    return _syntax_finding(path, source, message, line, 0)


def _broken_cells(source: Source, path: str) -> list[Finding]:
    """KD902 for each notebook cell that does not parse on its own; those cells are blanked."""
    findings = []
    for cell in source.cells:
        try:
            _parse("\n".join(cell.lines), path)
        except UNPARSABLE as error:
            if isinstance(error, SyntaxError):  # its line within the cell; EOF errors: the cell's end
                error.lineno = cell.start + min(error.lineno or 1, max(len(cell.lines), 1)) - 1
            findings.append(_unparsable(path, source, error, line=cell.start))
            source.blank(cell)
    return findings


def _column(lines: list[str], line: int, offset: int, source: Source) -> int:
    """ast gives UTF-8 byte offsets; report 1-based character columns, in the cell as the user wrote it."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if not text.isascii():
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    return offset + 1 + source.indent_at(line)


def _order(finding: Finding) -> tuple:
    return finding.cell or 0, finding.line or 0, finding.column or 0, finding.code


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
    try:
        tree = _parse(source.text, path)
    except UNPARSABLE as error:
        if not source.cells:
            return [_unparsable(path, source, error)]
        findings = _broken_cells(source, path)  # report and blank them, then lint the rest
        try:
            tree = _parse(source.text, path)
        except UNPARSABLE as again:
            return findings + [_unparsable(path, source, again)]
    tracker = Tracker(tree, _CALL_RULES, _rules(LINT_STATEMENT), _rules(LINT_IMPORT), _rules(LINT_ATTRIBUTE), _WATCHED)
    tracker.displayed = _displayed(tree, source)
    try:
        tracker.run()
    except RecursionError:
        findings.append(_syntax_finding(path, source, "cannot analyse: nesting too deep", 1, 0))
    ignored = suppressions(source.text)
    lines = source.text.split("\n") if tracker.found else []
    for node, finding in sorted(tracker.found, key=lambda f: (f[0].lineno, f[0].col_offset, f[1].code)):
        if is_suppressed(ignored, node.lineno, finding.code):
            continue
        cell, shown = source.locate(node.lineno)
        column = _column(lines, node.lineno, node.col_offset, source)
        findings.append(finding.replace(path=path, line=shown, column=column, cell=cell))
    return sorted(findings, key=_order)
