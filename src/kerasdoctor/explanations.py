"""Explained errors: what a cryptic Keras/TensorFlow/scikeras error means, in the user's terms, with the fix.

A router and a note. When ``fit``/``evaluate``/``predict`` raises anyway,
`attach_note` adds the diagnosis to the exception with
``BaseException.add_note`` (PEP 678): the traceback stays Keras' own and the
note is printed under it. `checks.errors.recognise` tells which known error it
is; the diagnosis then comes, in order of preference, from

1. the checks, run on the call's own arguments: a finding of a code that
   explains this error speaks in the user's terms (their variable names,
   their shapes);
2. the numbers in the message, put into words by the code's wording.
"""

from __future__ import annotations

from .checks.errors import Recognised, recognise
from .codes.cv import KD302
from .facts.names import user_name
from .findings import Finding

NOTE_PREFIX = "kerasdoctor"


def explain(error: BaseException, model=None, call: dict | None = None, report=None) -> Finding | None:
    """The finding that explains ``error``; None when it is not a known Keras/TensorFlow error.

    ``model`` and ``call`` (the arguments of the failed fit/evaluate/predict,
    by name) let the checks look at the real objects. ``report``: the checks
    already made on exactly this call (a hooked call is checked before it
    runs); without one they are run here. When those checks found an error,
    an error the patterns do not know is explained by that finding: the call
    was known to fail before it ran.
    """
    known = recognise(error)
    if known is None:
        return _first_error(report)
    if report is None:
        report = _check_call(model, call or {})
    return (
        _from_report(known, report)
        or _first_error(report)  # the call's checks found the mistake: it explains the error better
        or known.finding(user_name(model, "model") if model is not None else "model")
    )


def _first_error(report) -> Finding | None:
    return next(iter(getattr(report, "errors", ())), None)


def _from_report(known: Recognised, report) -> Finding | None:
    for code in known.explained_by:
        for finding in getattr(report, "findings", ()):
            if finding.code == code.code:
                return finding
    return None


def _check_call(model, call: dict):
    """kd.check on the failed call's arguments; None when there is no model or the check fails."""
    if model is None:
        return None
    from .checks.fit import check_arguments, check_fit

    try:  # the arguments a hooked fit() is checked with, so both checks agree
        return check_fit(model, **check_arguments(call))
    except Exception:  # explaining must never add an error of its own
        return None


def explain_cv(error: BaseException, report=None) -> Finding | None:
    """The finding that explains an error a search or cross-validation raised; None if unknown.

    ``report``: the fold audit of the call's own arguments (`kd.check_search` /
    `kd.check_cv`), made before it ran; its KD302 names the folds and classes.
    """
    known = recognise(error)
    if known is None or known.code is not KD302:
        return None
    return _from_report(known, report) or known.finding("model")


def note_text(finding: Finding) -> str:
    """The PEP 678 note: plain text, read under a traceback."""
    lines = [f"{NOTE_PREFIX} {finding.code} {finding.slug}: {finding.message}"]
    if finding.where:
        lines.append(f"    at {finding.where}")
    if finding.fix:
        lines += ["    fix:"] + [f"      {line}" for line in finding.fix.splitlines()]
    lines.append(f"    (kerasdoctor rule {finding.code} explains more)")
    return "\n".join(lines)


def _attach(error: BaseException, find) -> Finding | None:
    try:
        if any(str(n).startswith(NOTE_PREFIX) for n in getattr(error, "__notes__", ())):
            return None  # explained already, by an inner hooked call
        finding = find()
        if finding is not None:
            error.add_note(note_text(finding))
        return finding
    except Exception:  # an explanation that fails must leave the user's error as it was
        return None


def attach_note(error: BaseException, model=None, call: dict | None = None, report=None) -> Finding | None:
    """Add the explanation to ``error`` as a note, once; never raises. ``report``: as for `explain`."""
    return _attach(error, lambda: explain(error, model, call, report))


def attach_cv_note(error: BaseException, report=None) -> Finding | None:
    """`attach_note` for an error out of a search's fit or a cross-validation function."""
    return _attach(error, lambda: explain_cv(error, report))
