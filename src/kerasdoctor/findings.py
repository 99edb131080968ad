"""Severity, Finding, Report: the results every part of kerasdoctor returns.

Plain data only. Rendering lives in `kerasdoctor.render` (a Report shows itself
through `render.protocol`), judgement in `kerasdoctor.checks`; this module
imports neither TensorFlow nor rich.
"""

from __future__ import annotations

import enum
import warnings
from typing import TYPE_CHECKING, Any

from .records import Frozen, Record
from .render.protocol import Rendered

if TYPE_CHECKING:
    from .codes.registry import Code


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


class KerasDoctorWarning(UserWarning):
    """Emitted once per finding by ``on_fail="warn"``."""


class KerasDoctorError(Exception):
    """Raised by ``Report.raise_for_errors()`` and ``on_fail="raise"``."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(report.render_text())


ON_FAIL = ("return", "warn", "raise")


def validate_on_fail(on_fail: str) -> None:
    """Refuse a bad ``on_fail`` before any check runs (and before any data is read)."""
    if on_fail not in ON_FAIL:
        raise ValueError(f"on_fail must be 'return', 'warn' or 'raise', not {on_fail!r}")


class Remedy(Frozen):
    """A finding's primary fix as data a program can apply: what changes at one model output.

    A field left None is kept as it is. ``loss`` is Keras' name of the loss function
    ("sparse_categorical_crossentropy"), with ``from_logits``; ``targets`` is a Python expression
    of ``y`` (NumPy arrays, ``np`` and ``keras`` in scope) giving the new targets, e.g. ``"y - 1"``.
    `Finding.fix` is the same change as code to paste; every finding about one output carries the
    same remedy, so applying them all is applying one.
    """

    __slots__ = ("output", "units", "activation", "loss", "from_logits", "targets")

    def __init__(
        self,
        output: str,  # the output layer's name
        units: int | None = None,
        activation: str | None = None,
        loss: str | None = None,
        from_logits: bool | None = None,
        targets: str | None = None,
    ):
        self._set(output=output, units=units, activation=activation, loss=loss, from_logits=from_logits)
        self._set(targets=targets)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class Finding(Frozen):
    """One mistake: what, where (in the user's terms), and the fix to paste. Read-only."""

    __slots__ = ("code", "message", "where", "fix", "severity", "detail", "path", "line", "column", "cell", "remedy")

    def __init__(
        self,
        code: str,
        message: str,
        where: str = "",  # object path: "model.inputs[0]", "validation_data", ...
        fix: str = "",  # code the user can paste
        severity: Severity | str | None = None,  # None: the rule's default severity
        detail: str = "",  # extra text, e.g. the traceback of a crashed check
        path: str | None = None,  # for findings in files (lint)
        line: int | None = None,
        column: int | None = None,
        cell: int | None = None,  # a notebook finding: the cell, counted as Jupyter shows them; line is within it
        remedy: Remedy | None = None,  # the fix as data (`Remedy`), where a program can apply it
    ):
        self._set(code=code, message=message, where=where, fix=fix, detail=detail, path=path)
        self._set(line=line, column=column, cell=cell, remedy=remedy, severity=None)
        self._set(severity=Severity(severity or self.rule.severity))

    @property
    def rule(self) -> Code:
        from .codes.registry import BY_CODE

        return BY_CODE[self.code]  # KeyError for an unknown code: a bug of ours

    @property
    def slug(self) -> str:
        return self.rule.slug

    @property
    def location(self) -> str:
        if self.path is not None:  # "train.py:14:1", "nb.ipynb:cell 3:2:1"
            parts = [self.path] + ([f"cell {self.cell}"] if self.cell is not None else [])
            parts += [str(n) for n in (self.line, self.column) if n is not None]
            return ":".join(parts)
        return self.where

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "slug": self.slug,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location,
            "where": self.where,
            "fix": self.fix,
            "detail": self.detail,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "cell": self.cell,
            "remedy": None if self.remedy is None else self.remedy.to_dict(),
        }


class Skipped(Frozen):
    """A check that did not apply, and why (scikit-learn's estimator_checks style)."""

    __slots__ = ("check", "reason")

    def __init__(self, check: str, reason: str):
        self._set(check=check, reason=reason)


class Report(Rendered, Record):
    """Findings, plus which checks passed and which were skipped and why."""

    _width, _crop, _css_class = 100, False, "kerasdoctor-report"  # the fixes' code lines are never cropped
    __slots__ = ("findings", "passed", "skipped", "title")

    def __init__(
        self,
        findings: list[Finding] | None = None,
        passed: list[str] | None = None,
        skipped: list[Skipped] | None = None,
        title: str = "kerasdoctor report",
    ):
        self.findings = [] if findings is None else findings
        self.passed = [] if passed is None else passed
        self.skipped = [] if skipped is None else skipped
        self.title = title

    # ---- questions ---------------------------------------------------------
    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def __len__(self) -> int:
        return len(self.findings)

    def __repr__(self) -> str:
        """Short: the title and the counts (``str()``, IPython and notebooks show the whole report)."""
        counts = [f"{n} {s.value}{'' if n == 1 else 's'}" for s in reversed(Severity) if (n := self._count(s))]
        counts += [f"{len(self.passed)} passed", f"{len(self.skipped)} skipped"]
        return f"<Report {self.title!r}: {', '.join(counts)}>"

    def _count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    def __iter__(self):
        return iter(self.findings)

    # ---- combining ---------------------------------------------------------
    def extend(self, other: Report) -> Report:
        self.findings.extend(other.findings)
        self.passed.extend(other.passed)
        self.skipped.extend(other.skipped)
        return self

    # ---- acting on it ------------------------------------------------------
    def raise_for_errors(self) -> Report:
        if not self.ok:
            raise KerasDoctorError(self)
        return self

    def warn(self, stacklevel: int = 2) -> Report:
        for finding in self.findings:
            text = f"{finding.code} {finding.slug}: {finding.message}"
            if finding.location:
                text += f" [{finding.location}]"
            if finding.fix:
                text += f"\n    fix: {finding.fix}"
            warnings.warn(text, KerasDoctorWarning, stacklevel=stacklevel + 1)
        return self

    def apply(self, on_fail: str, stacklevel: int = 2) -> Report:
        """``on_fail`` = "return" (nothing), "warn" or "raise"."""
        validate_on_fail(on_fail)
        if on_fail == "warn":
            self.warn(stacklevel=stacklevel + 1)
        elif on_fail == "raise":
            self.raise_for_errors()
        return self

    # ---- serialising -------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
            "passed": list(self.passed),
            "skipped": [{"check": s.check, "reason": s.reason} for s in self.skipped],
        }

    def to_json(self, indent: int | None = 2) -> str:
        from .render.json import dumps

        return dumps(self.to_dict(), indent=indent)

    # ---- showing (str, rich, Jupyter HTML, IPython pretty: render.protocol) ---
    def render_text(self, color: bool = False, width: int = 100) -> str:
        from .render.text import render_text

        return render_text(self, color=color, width=width)

    def _renderable(self):
        from .render.text import to_renderable

        return to_renderable(self)
