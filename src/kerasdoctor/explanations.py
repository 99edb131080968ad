"""Explained errors: what a cryptic Keras/TensorFlow/scikeras error means, in the user's terms, with the fix.

When ``fit``/``evaluate``/``predict`` raises anyway, `attach_note` adds the
diagnosis to the exception with ``BaseException.add_note`` (PEP 678): the
traceback stays Keras' own and the note is printed under it. The diagnosis
comes, in order of preference, from

1. the checks, run on the call's own arguments: a finding of the same family
   speaks in the user's terms (their variable names, their shapes);
2. the numbers in the message (`facts.errors` recognises it), put into words
   here.
"""

from __future__ import annotations

from .checks.compile import compile_fix
from .findings import Finding
from .facts.errors import ErrorFacts, error_facts
from .facts.names import user_name
from .facts.shapes import show

NOTE_PREFIX = "kerasdoctor"

# Findings of these codes explain an error recognised as the key.
FAMILY = {
    "KD101": ("KD101", "KD103", "KD104", "KD105"),
    "KD104": ("KD104", "KD101", "KD103", "KD105"),
    "KD201": ("KD201",),
    "KD202": ("KD202",),
    "KD203": ("KD203", "KD206"),
    "KD204": ("KD204", "KD206"),
    "KD205": ("KD205", "KD206"),
    "KD302": ("KD302",),
}


def explain(error: BaseException, model=None, call: dict | None = None, report=None) -> Finding | None:
    """The finding that explains ``error``; None when it is not a known Keras/TensorFlow error.

    ``model`` and ``call`` (the arguments of the failed fit/evaluate/predict,
    by name) let the checks look at the real objects. ``report``: the checks
    already made on exactly this call (a hooked fit() is checked before it
    runs); without one they are run here.
    """
    facts = error_facts(error)
    if facts is None:
        return None
    return _from_checks(facts, model, call or {}, report) or _from_message(facts, model)


def _from_checks(facts: ErrorFacts, model, call: dict, report=None) -> Finding | None:
    if report is None:
        report = _check_call(model, call)
    if report is None:
        return None
    for code in FAMILY[facts.code]:
        for finding in report.findings:
            if finding.code == code:
                return finding
    return None


def _check_call(model, call: dict):
    """kd.check on the failed call's arguments; None when there is no model or the check fails."""
    if model is None:
        return None
    from .checks.fit import check_arguments, check_fit

    try:   # the arguments a hooked fit() is checked with, so both checks agree
        return check_fit(model, **check_arguments(call))
    except Exception:   # explaining must never add an error of its own
        return None


def _from_message(facts: ErrorFacts, model) -> Finding:
    name = user_name(model, "model") if model is not None else "model"
    return WORDING[facts.code](facts.fields, name)


def _kd101(f: dict, m: str) -> Finding:
    return Finding("KD101", (
        f"Input {f['name']!r} expects batches of shape {show(f['expected'])}, but received {show(f['got'])}: "
        f"one example, not a batch. The data was never batched; with a tf.data.Dataset, fit() takes every "
        f"element as a whole batch, and `ds.batch(n)` returns a new dataset whose result must be assigned."),
        where=f"input {f['name']!r}", fix="ds = ds.batch(32)")


def _kd104(f: dict, m: str) -> Finding:
    got, expected = f["got"][1:], f["expected"][1:]
    name = f.get("name", "?")
    return Finding("KD104", (
        f"Input {name!r} expects examples of shape {show(expected)} (batches of {show(f['expected'])}), "
        f"but the data's examples have shape {show(got)} (batches of {show(f['got'])})."),
        where=f"input {name!r}",
        fix=f"keras.Input(shape={show(got)})   # or reshape the data to {show(expected)} per example")


def _kd201(f: dict, m: str) -> Finding:
    return Finding("KD201", f"Model {m!r} was compiled without a loss, so there is nothing to minimise.",
                   where=f"{m}.compile()", fix=compile_fix(m))


def _kd202(f: dict, m: str) -> Finding:
    return Finding("KD202", f"Model {m!r} was never compiled. If compile() appears in your code, it was "
                   "called on another model object.", where=m, fix=compile_fix(m))


def _kd203(f: dict, m: str) -> Finding:
    target, output = f["target"], f["output"]
    return Finding("KD203", (
        f"The loss is sparse categorical: it wants one integer class index per example (targets of shape "
        f"{show(output[:-1])} for outputs {show(output)}), but the targets have shape {show(target)}: they "
        f"look one-hot encoded."), where=f"{m}.compile(loss=...)",
        fix=f'{m}.compile(optimizer="adam", loss="categorical_crossentropy")   # or y = y.argmax(axis=-1)')


def _kd204(f: dict, m: str) -> Finding:
    target, output = f["target"], f["output"]
    units = output[-1] if output and output[-1] is not None else "n_classes"
    return Finding("KD204", (
        f"The loss is categorical: it wants one-hot targets of the outputs' shape {show(output)}, but the "
        f"targets have shape {show(target)}: they look like integer class labels."),
        where=f"{m}.compile(loss=...)",
        fix=f'{m}.compile(optimizer="adam", loss="sparse_categorical_crossentropy")'
            f"   # or y = keras.utils.to_categorical(y, {units})")


def _kd205(f: dict, m: str) -> Finding:
    label, classes = f["label"], f["classes"]
    if label == classes:
        fix = "y = y - 1   # if your labels run 1..n_classes" + \
              f"; else keras.layers.Dense({label + 1}, ...) as the output layer"
    elif label < 0:
        fix = "y = np.unique(y, return_inverse=True)[1]   # labels 0..n_classes-1"
    else:
        fix = f"keras.layers.Dense({label + 1}, ...)   # one unit per class; or remap the labels to 0..{classes - 1}"
    return Finding("KD205", (
        f"A target label is {label}, outside [0, {classes}): the model has {classes} output units, so a sparse "
        f"categorical loss needs labels 0..{classes - 1}."), where=f"{m} targets", fix=fix)


def _kd302(f: dict, m: str) -> Finding:
    from .fixes import stratified_fix

    index, size = f["index"], f["size"]
    return Finding("KD302", (
        f"scikeras learnt {size} classes from the training part of a fold and encodes them as 0..{size - 1}, "
        f"but the model predicted output {index}, a class that training part lacked: the folds do not hold "
        "every class. Usually cv=<int> (scikit-learn stratifies only for estimators it recognises as "
        "classifiers, and it does not recognise scikeras' KerasClassifier) or an unshuffled KFold over "
        "label-sorted data."),
        where="cv (of the search or cross-validation)",
        fix=stratified_fix(5, assign="cv = {}   # pass cv=cv to the search"))


WORDING = {"KD101": _kd101, "KD104": _kd104, "KD201": _kd201, "KD202": _kd202,
           "KD203": _kd203, "KD204": _kd204, "KD205": _kd205, "KD302": _kd302}


def note_text(finding: Finding) -> str:
    """The PEP 678 note: plain text, read under a traceback."""
    lines = [f"{NOTE_PREFIX} {finding.code} {finding.slug}: {finding.message}"]
    if finding.where:
        lines.append(f"    at {finding.where}")
    if finding.fix:
        lines += ["    fix:"] + [f"      {line}" for line in finding.fix.splitlines()]
    lines.append(f"    (kerasdoctor rule {finding.code} explains more)")
    return "\n".join(lines)


def explain_cv(error: BaseException, report=None) -> Finding | None:
    """The finding that explains an error a search or cross-validation raised; None if unknown.

    ``report``: the fold audit of the call's own arguments (`kd.check_search` /
    `kd.check_cv`), made before it ran; its KD302 names the folds and classes.
    """
    facts = error_facts(error)
    if facts is None or facts.code != "KD302":
        return None
    for finding in getattr(report, "findings", ()):
        if finding.code in FAMILY[facts.code]:
            return finding
    return _from_message(facts, None)


def _attach(error: BaseException, find) -> Finding | None:
    try:
        if any(str(n).startswith(NOTE_PREFIX) for n in getattr(error, "__notes__", ())):
            return None   # explained already, by an inner hooked call
        finding = find()
        if finding is not None:
            error.add_note(note_text(finding))
        return finding
    except Exception:   # an explanation that fails must leave the user's error as it was
        return None


def attach_note(error: BaseException, model=None, call: dict | None = None, report=None) -> Finding | None:
    """Add the explanation to ``error`` as a note, once; never raises. ``report``: as for `explain`."""
    return _attach(error, lambda: explain(error, model, call, report))


def attach_cv_note(error: BaseException, report=None) -> Finding | None:
    """`attach_note` for an error out of a search's fit or a cross-validation function."""
    return _attach(error, lambda: explain_cv(error, report))
