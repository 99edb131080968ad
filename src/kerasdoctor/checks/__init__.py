"""Judgements: small functions that take facts and yield Findings.

A check is a plain function of one context object that yields findings, or
raises `Skip` when it does not apply (it is then reported as skipped, with the
reason, never silently dropped). `run_checks` runs them so that a check that
raises for any other reason becomes a KD900 finding and the others go on.
"""

from __future__ import annotations

import traceback
from typing import Callable, Iterable, Iterator

from ..findings import Finding, Report, Skipped

Check = Callable[..., Iterator[Finding]]


class Skip(Exception):
    """Raised by a check that does not apply; the message says why."""


def crashed(name: str, error: BaseException) -> Finding:
    """A KD900 finding for a check (or a fact-gathering step) that raised."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return Finding("KD900", f"check {name!r} raised {type(error).__name__}: {error}; the other checks ran",
                   where=name, detail=text.rstrip())


def run_checks(checks: Iterable[tuple[str, Check]], context, title: str) -> Report:
    report = Report(title=title)
    for name, check in checks:
        try:
            found = list(check(context))
        except Skip as skip:
            report.skipped.append(Skipped(name, str(skip)))
        except Exception as error:  # never let a check stop the user's program
            report.findings.append(crashed(name, error))
        else:
            report.findings.extend(found)
            if not found:
                report.passed.append(name)
    return report
