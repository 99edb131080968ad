"""Lint options, and `[tool.kerasdoctor]` in the nearest pyproject.toml.

    [tool.kerasdoctor]
    select = ["KD1", "KD201"]     # codes or code prefixes (default: all)
    ignore = ["KD106"]
    exclude = ["notebooks/scratch_*", "legacy/"]   # gitignore-style, relative to this file
    severity = "warning"          # report findings at or above this severity (default "info")
    fail-on = "error"             # exit 1 only for findings at or above this (default: any reported)

Command-line options override the file (`--select`/`--ignore` replace the
lists; `--exclude` adds to `exclude`). A pyproject.toml that never mentions
kerasdoctor is not parsed: most are not ours, and `kerasdoctor lint` on one
file should not pay for a TOML parser.
"""

from __future__ import annotations

import os
import sys

from ..codes import all_codes
from ..findings import Finding, Severity
from .files import Pattern, default_excludes, patterns


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


KEYS = ("select", "ignore", "exclude", "severity", "fail-on")


def _may_configure(data: bytes) -> bool:
    """Whether a pyproject.toml may hold a [tool.kerasdoctor] table, by a scan of its lines that
    reads no TOML: a `[tool.kerasdoctor...]` header, a `kerasdoctor` key under `[tool]`, a top-level
    `tool.kerasdoctor...` key, or an inline table mentioning it. A mention elsewhere (the project's
    name, a dependency, a script) needs no parse, and parsing costs a process ~10 ms (tomllib's
    regular expressions), as much as the rest of `kerasdoctor lint one_file.py`."""
    if b"kerasdoctor" not in data:
        return False
    header = b""
    for line in data.splitlines():
        text = line.strip()
        if text.startswith(b"["):
            header = text.split(b"]")[0].translate(None, b" \t\"'[")
            if header.startswith(b"tool.kerasdoctor"):
                return True
            continue
        if b"kerasdoctor" not in text:
            continue
        key = text.split(b"=", 1)[0].translate(None, b" \t\"'")
        if header == b"" and (key.startswith(b"tool.kerasdoctor") or b"{" in text):
            return True
        if header == b"tool" and (key == b"kerasdoctor" or key.startswith(b"kerasdoctor.") or b"{" in text):
            return True
    return False


class ConfigError(Exception):
    """A bad option or pyproject.toml entry: a usage error (exit 2), with a clear message."""


def codes(values, where: str) -> tuple[str, ...]:
    """Validate codes and prefixes (KD102, KD1, kd2) against the registry."""
    if isinstance(values, str):
        values = [v for v in values.replace(",", " ").split()]
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: expected a list of codes")
    out = []
    for value in values:
        code = value.strip().upper()
        if not any(rule.code.startswith(code) for rule in all_codes()) or not code.startswith("KD"):
            raise ConfigError(f"{where}: unknown code {value!r}; `kerasdoctor rules` lists them")
        out.append(code)
    return tuple(out)


def severity(value, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(f"{where}: severity must be one of info, warning, error, not {value!r}") from None


class Options:
    __slots__ = ("select", "ignore", "exclude", "severity", "fail_on", "use_gitignore", "config_path")

    def __init__(
        self,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        exclude: list[Pattern] | None = None,
        severity: Severity = Severity.INFO,
        fail_on: Severity | None = None,  # None: the reporting threshold
        use_gitignore: bool = True,
        config_path: str | None = None,
    ):
        self.select, self.ignore, self.severity, self.fail_on = select, ignore, severity, fail_on
        self.exclude = default_excludes() if exclude is None else exclude
        self.use_gitignore, self.config_path = use_gitignore, config_path

    def wants(self, finding: Finding) -> bool:
        code = finding.code
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        if any(code.startswith(i) for i in self.ignore):
            return False
        return finding.severity.rank >= self.severity.rank

    def fails(self, finding: Finding) -> bool:
        return finding.severity.rank >= (self.fail_on or self.severity).rank


def find_pyproject(start: str | os.PathLike) -> str | None:
    """The nearest pyproject.toml at or above `start` (a file or a directory)."""
    here = os.path.realpath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        candidate = os.path.join(here, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def load(path: str | os.PathLike | None, options: Options | None = None) -> Options:
    options = options or Options()
    if path is None:
        return options
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if not _may_configure(data):
        return options  # no [tool.kerasdoctor] can be in it: skip the TOML parser (~10 ms a process)
    tomllib = _toml()
    try:
        table = tomllib.loads(data.decode("utf-8")).get("tool", {}).get("kerasdoctor", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply to read") from None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kerasdoctor] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown [tool.kerasdoctor] key(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    where = f"{path}: [tool.kerasdoctor]"
    options.config_path = os.fspath(path)
    if "select" in table:
        options.select = codes(table["select"], f"{where} select")
    if "ignore" in table:
        options.ignore = codes(table["ignore"], f"{where} ignore")
    if "exclude" in table:
        excluded = table["exclude"]
        if not isinstance(excluded, list) or not all(isinstance(e, str) for e in excluded):
            raise ConfigError(f"{where} exclude: expected a list of patterns")
        options.exclude = options.exclude + patterns(excluded, os.path.dirname(os.path.abspath(path)))
    if "severity" in table:
        options.severity = severity(table["severity"], f"{where} severity")
    if "fail-on" in table:
        options.fail_on = severity(table["fail-on"], f"{where} fail-on")
    return options
