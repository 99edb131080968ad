"""The registry behind the codes: `Code` (one mistake, declared once), and the detectors that find it.

A family module (`codes.data`, `codes.targets`, ...) declares each of its
codes with `declare` and writes its findings in wording functions next to the
declaration. A detector of any kind registers itself with `detects`:

    @detects(KD101, KD103, KD104, kind=FIT_DATA, name="input-shapes")
    def check_input_shapes(ctx, data): ...

The runtime checks, the cross-validation checks, the lint rules and the error
patterns are all looked up here by kind, in the order they registered.

Light on purpose: the linter imports this, so nothing here imports NumPy,
scikit-learn or Keras.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..findings import Finding, Remedy, Severity
from ..records import Frozen

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# The kinds of detector.
FIT = "fit"  # a runtime check of the model before fit(): check(ctx)
FIT_DATA = "fit-data"  # a runtime check of one of fit()'s data (x/y, validation_data): check(ctx, data)
FIT_REPORT = "fit-report"  # a runtime check made after the others, of what they skipped: check(ctx, report)
CV = "cv"  # a check of a search or cross-validation: check(ctx)
LINT_CALL = "lint-call"  # a lint rule on every call: rule(tracker, call, scope)
LINT_STATEMENT = "lint-statement"  # a lint rule on a call whose result is thrown away
LINT_IMPORT = "lint-import"  # a lint rule on an import statement
LINT_ATTRIBUTE = "lint-attribute"  # a lint rule on an attribute named in the rule's `attributes` (`np.float`)
LINT_PARSE = "lint-parse"  # the linter's own parsing (a file it cannot read)
ERROR_PATTERN = "error"  # a known Keras/TensorFlow error message (`checks.errors.KnownError`)
GUARD = "guard"  # kerasdoctor's own guard around checks (a check that raised)
KINDS = (
    FIT,
    FIT_DATA,
    FIT_REPORT,
    CV,
    LINT_CALL,
    LINT_STATEMENT,
    LINT_IMPORT,
    LINT_ATTRIBUTE,
    LINT_PARSE,
    ERROR_PATTERN,
    GUARD,
)
LINT_KINDS = (LINT_CALL, LINT_STATEMENT, LINT_IMPORT, LINT_ATTRIBUTE, LINT_PARSE)

# The modules whose import registers every detector (what `kerasdoctor rule` and the tests load).
DETECTOR_MODULES = (
    "kerasdoctor.checks.fit",
    "kerasdoctor.checks.cv",
    "kerasdoctor.linter.engine",
    "kerasdoctor.checks.errors",
)
EXAMPLES = "examples"  # the package folder of executable examples: kd101_bad.py, kd101_good.py


def _clean(text: str) -> str:
    """A docs paragraph written indented over several lines, as one line."""
    return " ".join(text.split())


class Code:
    """One mistake: its code, slug, default severity and documentation.

    ``str(code)`` is the code itself, so a message can say ``f"... ({KD202})"``.
    The Example / Use instead sections are the code's executable example files.
    """

    __slots__ = ("code", "slug", "severity", "summary", "what", "why", "retired", "_sections", "detectors")

    def __init__(
        self,
        code: str,
        slug: str,
        severity: Severity,
        summary: str,
        what: str,
        why: str,
        retired: bool = False,
        sections: tuple[tuple[str, str], ...] = (),
    ):
        self.code, self.slug, self.severity, self.summary = code, slug, severity, summary
        self.what, self.why, self.retired = what, why, retired
        self._sections = sections  # as written (indented); dedented when read
        self.detectors: list[Detector] = []  # filled as detector modules register

    def __repr__(self) -> str:
        return f"Code({self.code!r}, {self.slug!r}, {self.severity.value!r})"

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """More documentation after Use instead: (title, Markdown)."""
        from textwrap import dedent  # for the docs only: the linter never reads them

        return tuple((title, dedent(text).strip("\n")) for title, text in self._sections)

    def __str__(self) -> str:
        return self.code

    def finding(
        self,
        message: str,
        *,
        where: str = "",
        fix: str = "",
        severity: Severity | str | None = None,
        detail: str = "",
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        cell: int | None = None,
        remedy: Remedy | None = None,
    ) -> Finding:
        """A finding of this code (``severity`` None: the code's default)."""
        return Finding(
            self.code,
            message,
            where=where,
            fix=fix,
            severity=severity,
            detail=detail,
            path=path,
            line=line,
            column=column,
            cell=cell,
            remedy=remedy,
        )

    @property
    def family(self) -> str:
        return self.code[:3] + "xx"

    def example_path(self, which: str):
        """The executable example: ``which`` is "bad" or "good" (a `Traversable`)."""
        from importlib import resources

        return resources.files(__package__).joinpath(EXAMPLES, f"{self.code.lower()}_{which}.py")

    def example_text(self, which: str) -> str:
        path = self.example_path(which)
        return path.read_text(encoding="utf-8").strip("\n") if path.is_file() else ""

    @property
    def example(self) -> str:
        return self.example_text("bad")

    @property
    def use_instead(self) -> str:
        return self.example_text("good")

    @property
    def found_by(self) -> list[str]:
        """The kinds of detector that report this code (every detector module loaded)."""
        load_detectors()
        return sorted({d.kind for d in self.detectors}, key=KINDS.index)

    @property
    def docs(self) -> str:
        """The documentation as Markdown, in fixed sections (ruff's): What it does, Why is this bad?,
        Example, Use instead."""
        return (
            f"# {self.code} {self.slug}\n\n"
            f"Default severity: {self.severity.value}. {self.summary}\n\n"
            f"## What it does\n\n{self.what}\n\n"
            f"## Why is this bad?\n\n{self.why}\n\n"
            f"## Example\n\n```python\n{self.example}\n```\n\n"
            f"## Use instead\n\n```python\n{self.use_instead}\n```\n"
            + "".join(f"\n## {title}\n\n{text}\n" for title, text in self.sections)
        )


class Detector(Frozen):
    # target: the check function, the lint rule, the error pattern. applies: a runtime check's gate, as
    # scikit-learn's check generators gate by what the estimator is: whether it applies to this context at all
    # (None: always). A check that applies but cannot run raises Skip.
    __slots__ = ("kind", "name", "codes", "target", "applies")

    def __init__(self, kind: str, name: str, codes: tuple[Code, ...], target, applies: Callable | None = None):
        self._set(kind=kind, name=name, codes=codes, target=target, applies=applies)


BY_CODE: dict[str, Code] = {}
BY_SLUG: dict[str, Code] = {}
_DETECTORS: list[Detector] = []


def declare(
    code: str,
    slug: str,
    severity: Severity,
    summary: str,
    *,
    what: str,
    why: str,
    retired: bool = False,
    sections: dict[str, str] | None = None,
) -> Code:
    """Declare a code, once: a second declaration of the same code or slug is a bug of ours.
    ``sections``: more documentation shown after the examples, {title: Markdown}."""
    if code in BY_CODE or slug in BY_SLUG:
        raise ValueError(f"{code} {slug} is declared twice")
    more = tuple((sections or {}).items())
    declared = Code(code, slug, Severity(severity), summary, _clean(what), _clean(why), retired, more)
    BY_CODE[code] = BY_SLUG[slug] = declared
    return declared


def register(kind: str, name: str, codes: tuple[Code, ...], target, applies=None) -> Detector:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of detector {kind!r}")
    detector = Detector(kind, name, tuple(codes), target, applies)
    _DETECTORS.append(detector)
    for code in detector.codes:
        code.detectors.append(detector)
    return detector


def detects(*codes: Code, kind: str, name: str | None = None, applies: Callable | None = None) -> Callable:
    """Decorator: register a function as a detector of ``codes`` (``name``: how reports call it; ``applies``:
    a runtime check's gate, given the check's context)."""

    def decorate(function):
        register(kind, name or function.__name__, codes, function, applies)
        return function

    return decorate


def detectors(kind: str) -> list[Detector]:
    """The detectors of one kind, in the order they registered (their modules' import order)."""
    return [d for d in _DETECTORS if d.kind == kind]


def load_detectors() -> None:
    """Import every module that registers detectors (the runtime checks import NumPy only when they run)."""
    for module in DETECTOR_MODULES:
        importlib.import_module(module)


def all_codes() -> list[Code]:
    return sorted(BY_CODE.values(), key=lambda c: c.code)


def markdown_table() -> str:
    """The table of codes as README shows it (`kerasdoctor rules --markdown`)."""
    rows = ["| code | slug | severity | the mistake |", "|---|---|---|---|"]
    rows += [
        f"| {c.code} | {c.slug} | {c.severity.value} | {c.summary}{' (retired)' if c.retired else ''} |"
        for c in all_codes()
    ]
    return "\n".join(rows)


def get(name: str) -> Code:
    """Look a code up by code (``KD101``, any case) or slug (``unbatched-dataset``)."""
    key = str(name).strip()
    found = BY_CODE.get(key.upper()) or BY_SLUG.get(key.lower())
    if found is None:
        raise KeyError(f"no rule named {name!r}; `kerasdoctor rules` lists them")
    return found
