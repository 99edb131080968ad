"""Judgements: small functions that take facts and yield Findings.

A check is a plain function of one context object that yields findings, or
raises `Skip` when it does not apply (it is then reported as skipped, with the
reason, never silently dropped). Checks register themselves with
`kerasdoctor.codes.detects`; `run_checks` runs them so that a check that
raises for any other reason becomes a KD900 finding and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..codes import internal
from ..codes.registry import GUARD, detects
from ..findings import Finding, Report, Skipped

Check = Callable[..., Iterator[Finding]]
crashed = internal.check_crashed  # a KD900 finding for a check (or a fact-gathering step) that raised


class Skip(Exception):
    """Raised by a check that does not apply; the message says why."""


@detects(internal.KD900, kind=GUARD, name="run-checks")
def run_checks(checks: Iterable[tuple[str, Check]], context, title: str, report: Report | None = None) -> Report:
    """Run ``checks`` on ``context`` into ``report`` (a new one by default), which a later check may read."""
    report = report if report is not None else Report(title=title)
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
