"""Lint options, and `[tool.kerasdoctor]` in the nearest pyproject.toml.

    [tool.kerasdoctor]
    select = ["KD1", "KD201"]     # codes or code prefixes (default: all)
    ignore = ["KD106"]
    exclude = ["notebooks/scratch_*", "legacy/"]   # gitignore-style, relative to this file
    severity = "warning"          # report findings at or above this severity (default "info")
    fail-on = "error"             # exit 1 only for findings at or above this (default: any reported)

Command-line options override the file (`--select`/`--ignore` replace the
lists; `--exclude` adds to `exclude`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import all_codes
from ..findings import Finding, Severity
from .files import Pattern, default_excludes, patterns

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KEYS = ("select", "ignore", "exclude", "severity", "fail-on")


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


@dataclass
class Options:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: list[Pattern] = field(default_factory=default_excludes)
    severity: Severity = Severity.INFO
    fail_on: Severity | None = None  # None: the reporting threshold
    use_gitignore: bool = True
    config_path: Path | None = None

    def wants(self, finding: Finding) -> bool:
        code = finding.code
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        if any(code.startswith(i) for i in self.ignore):
            return False
        return finding.severity.rank >= self.severity.rank

    def fails(self, finding: Finding) -> bool:
        return finding.severity.rank >= (self.fail_on or self.severity).rank


def find_pyproject(start: str | os.PathLike) -> Path | None:
    """The nearest pyproject.toml at or above `start` (a file or a directory)."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # a directory we may not look into (no permission): look further up
            continue
    return None


def load(path: Path | None, options: Options | None = None) -> Options:
    options = options or Options()
    if path is None:
        return options
    try:
        with open(path, "rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("kerasdoctor", {})
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply to read") from None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kerasdoctor] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown [tool.kerasdoctor] key(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    where = f"{path}: [tool.kerasdoctor]"
    options.config_path = path
    if "select" in table:
        options.select = codes(table["select"], f"{where} select")
    if "ignore" in table:
        options.ignore = codes(table["ignore"], f"{where} ignore")
    if "exclude" in table:
        excluded = table["exclude"]
        if not isinstance(excluded, list) or not all(isinstance(e, str) for e in excluded):
            raise ConfigError(f"{where} exclude: expected a list of patterns")
        options.exclude = options.exclude + patterns(excluded, path.parent)
    if "severity" in table:
        options.severity = severity(table["severity"], f"{where} severity")
    if "fail-on" in table:
        options.fail_on = severity(table["fail-on"], f"{where} fail-on")
    return options
