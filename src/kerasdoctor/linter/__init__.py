"""`kerasdoctor lint` / `kd.lint`: static analysis of .py and .ipynb files.

(The package is `linter`, not `lint`: importing a subpackage sets the
attribute of that name on `kerasdoctor`, which would replace `kd.lint`.)

Uses only `ast` and `tokenize`: the linted code is never imported or run, and
neither TensorFlow, Keras nor NumPy is imported. See README ("Linting") for
the rules, options and output formats.
"""

from __future__ import annotations

import os

from ..findings import Finding, Report
from .config import Options
from .engine import crashed, lint_source, unreadable
from .files import discover
from .source import Source, UnreadableSource, decode_python, read_notebook

__all__ = ["lint", "lint_text", "lint_file", "lint_paths", "LintRun", "Options"]


def lint_text(text: str, path: str = "<string>") -> list[Finding]:
    """Findings for Python source given as text (every rule; no options applied)."""
    return lint_source(Source(text), path)


# A larger file is not linted (an I/O error, exit 2): parsing 64 MiB of Python already takes gigabytes.
MAX_FILE_BYTES = 64 * 1024 * 1024


class FileTooLarge(OSError):
    """A file over `MAX_FILE_BYTES`: not linted."""


def lint_file(path: str) -> list[Finding]:
    """Findings for one .py or .ipynb file. OSError when it cannot be read (`FileTooLarge` when it is over
    `MAX_FILE_BYTES`)."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise FileTooLarge(
                f"not linted: {size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit "
                "(exclude it, or split it)"
            )
        data = handle.read(MAX_FILE_BYTES + 1)  # a file that grows meanwhile is cut at the limit
    try:
        source = read_notebook(data) if path.endswith(".ipynb") else Source(decode_python(data))
    except UnreadableSource as error:
        return [unreadable(path, error)]
    return lint_source(source, path)


class LintRun:
    __slots__ = ("report", "files", "errors")

    def __init__(self, report: Report, files: int = 0, errors: list[str] | None = None):
        self.report = report
        self.files = files
        self.errors = [] if errors is None else errors  # paths that could not be used: exit 2


def lint_paths(paths: list[str], options: Options | None = None) -> LintRun:
    options = options or Options()
    run = LintRun(Report(title="kerasdoctor lint"))
    for kind, item in discover(paths, options.exclude, options.use_gitignore):
        if kind == "error":
            run.errors.append(item)
            continue
        try:
            findings = lint_file(item)
        except FileTooLarge as error:
            run.errors.append(f"{item}: {error}")
            continue
        except OSError as error:
            run.errors.append(f"{item}: cannot read: {error.strerror or error}")
            continue
        except Exception as error:  # a bug of ours on this file: say so, and lint the others
            findings = [crashed(item, error)]
        run.files += 1
        run.report.findings.extend(f for f in findings if options.wants(f))
    return run


def _names_a_file(text: str) -> bool:
    """A one-line string ending in .py or .ipynb is meant as a file name, existing or not."""
    return "\n" not in text and text.strip().endswith((".py", ".ipynb"))


def _codes(values, where: str) -> tuple[str, ...]:
    from .config import codes

    # a str is "KD102" or "KD1,KD201" as on the command line; list() would split it into letters
    return codes(values if isinstance(values, str) else list(values), where)


def lint(path_or_source, *, select=(), ignore=()) -> Report:
    """Lint a file, a directory or source text; the same `Report` as `kd.check`.

    A `str` naming an existing file or directory, or a one-line `str` ending in
    .py or .ipynb, is a path; any other `str` is Python source. An
    `os.PathLike` is always a path. `select` / `ignore`: codes or prefixes, a
    list or a comma-separated string.
    """
    options = Options(select=_codes(select, "select"), ignore=_codes(ignore, "ignore"))
    if isinstance(path_or_source, os.PathLike) or (
        isinstance(path_or_source, str)
        and "\n" not in path_or_source
        and (os.path.exists(path_or_source) or _names_a_file(path_or_source))
    ):
        path = os.fspath(path_or_source)
        if not os.path.exists(path):
            hint = (
                (
                    " (a one-line string ending in .py or .ipynb is a path; to lint it as source text, end it "
                    "with a newline)"
                )
                if isinstance(path_or_source, str)
                else ""
            )
            raise FileNotFoundError(f"no such file: {path!r}{hint}")
        run = lint_paths([path], options)
        if run.errors:
            raise OSError("; ".join(run.errors))
        return run.report
    if not isinstance(path_or_source, str):
        raise TypeError(f"lint() takes a path or source text, not {type(path_or_source).__name__}")
    report = Report(title="kerasdoctor lint")
    report.findings.extend(f for f in lint_text(path_or_source) if options.wants(f))
    return report
