"""Checks that run themselves: wrap ``keras.Model.fit``, scikit-learn's searches and cross-validation.

    kd.install(strict=False, on_fail="warn")   # every fit() is checked first
    kd.uninstall()                             # the original methods, exactly
    with kd.installed(strict=True): ...        # for a block

`HOOKS` is the table of what is wrapped: (owner, method, the function that
turns the call's bound arguments into a Report, whether a failure gets an
explanation, whether the fast-dev-run caps apply). A hook on another library's
method is one more row. ``keras.Model`` covers Sequential, functional and
subclassed models, and ``tf.keras`` (``tf.keras.Model is keras.Model`` with
Keras 3); ``fit`` is inherited from the backend trainer, so it is set on
``keras.Model`` and deleted again by `uninstall`.

scikit-learn: GridSearchCV, RandomizedSearchCV and the Halving searches all
train through ``BaseSearchCV.fit`` (the Halving ones call it with
``super().fit``), so one row covers them, whether or not
``sklearn.experimental.enable_halving_search_cv`` was imported. The functions
``cross_val_score``/``cross_validate``/``cross_val_predict`` are replaced on
``sklearn.model_selection``: code that imports them after `install` (always
the case under ``kerasdoctor run``) gets the hooked ones; a name imported
before keeps the original. ``cross_val_score`` calls
``_validation.cross_validate``, which is not replaced, so the audit runs once.
A call inside another hooked call of the same group (a search inside
``cross_val_score``, ``evaluate`` inside ``fit``) leaves the work to the outer
one; the Keras fits a search makes are another group and are checked (and
capped) like any ``Model.fit``.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
import inspect
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

from .checks import crashed
from .findings import KerasDoctorError, Report

ON_FAIL = ("warn", "print", "display", "raise", "return")


# ---- what is wrapped ---------------------------------------------------------------

def model_call(call: inspect.BoundArguments) -> tuple[Any, dict]:
    """(the model, the other arguments by name) of a hooked fit/evaluate/predict call."""
    arguments = dict(call.arguments)
    return arguments.pop("self"), arguments   # bind() fails without it: a method's self is required


def keras_fit_report(call: inspect.BoundArguments) -> Report:
    """kd.check on exactly the arguments this fit() received."""
    from .checks.fit import check_arguments, check_fit

    model, arguments = model_call(call)
    return check_fit(model, **check_arguments(arguments))


def search_fit_report(call: inspect.BoundArguments) -> Report:
    """The fold audit of ``search.fit(X, y, groups=..., **params)``, on exactly these arguments."""
    from .checks.cv import check_search

    args = call.arguments
    params = dict(args.get("params") or {})   # BaseSearchCV.fit(self, X, y=None, **params): groups is one
    if args.get("X") is None:
        return Report()   # scikit-learn raises its own error for that
    return check_search(args["self"], args["X"], args.get("y"), params.pop("groups", None), params)


def cv_function_report(call: inspect.BoundArguments) -> Report:
    """The fold audit of ``cross_val_score(estimator, X, y, groups=..., cv=...)`` and its siblings."""
    from .checks.cv import check_cv

    args = call.arguments
    if args.get("X") is None or not hasattr(args.get("estimator"), "fit"):
        return Report()
    return check_cv(args["estimator"], args["X"], args.get("y"), args.get("groups"), args.get("cv"))


def keras_explain(error: BaseException, call: inspect.BoundArguments, report: Report | None) -> None:
    """The note for an error out of fit/evaluate/predict; ``report``: fit()'s own check, made before it
    ran (evaluate/predict have none, so their arguments are checked now)."""
    from .explanations import attach_note

    attach_note(error, *model_call(call), report)


def cv_explain(error: BaseException, call: inspect.BoundArguments, report: Report | None) -> None:
    """The IndexError scikeras raises in a fold: KD302 from the audit made before the call."""
    from .explanations import attach_cv_note

    attach_cv_note(error, report)


@dataclass(frozen=True)
class Hook:
    owner: str                 # "module:attribute" of the class (or "module" for a function)
    method: str
    check: Callable[[inspect.BoundArguments], Report] | None = None
    # attach a note to a known error the call raises: (error, call, the check's report or None)
    explain: Callable[[BaseException, inspect.BoundArguments, Report | None], None] | None = keras_explain
    caps: bool = False         # apply --epochs-cap / --steps-cap
    group: str = ""            # a hooked call inside one of the same group is left to the outer one

    @property
    def name(self) -> str:
        return f"{self.owner.split(':')[-1]}.{self.method}"

    @property
    def nesting(self) -> str:
        return self.group or self.owner

    def resolve(self):
        module, _, attribute = self.owner.partition(":")
        target = importlib.import_module(module)
        return getattr(target, attribute) if attribute else target


HOOKS: list[Hook] = [
    Hook("keras:Model", "fit", check=keras_fit_report, caps=True),
    Hook("keras:Model", "evaluate"),
    Hook("keras:Model", "predict"),
    # BaseSearchCV is not exported by sklearn.model_selection; _search is where 1.x defines it
    Hook("sklearn.model_selection._search:BaseSearchCV", "fit", check=search_fit_report, explain=cv_explain,
         group="sklearn"),
    Hook("sklearn.model_selection", "cross_val_score", check=cv_function_report, explain=cv_explain,
         group="sklearn"),
    Hook("sklearn.model_selection", "cross_validate", check=cv_function_report, explain=cv_explain,
         group="sklearn"),
    Hook("sklearn.model_selection", "cross_val_predict", check=cv_function_report, explain=cv_explain,
         group="sklearn"),
]


def call_name(hook: Hook, call: inspect.BoundArguments) -> str:
    """What the user called: "GridSearchCV.fit", "Sequential.fit", "cross_val_score"."""
    owner = call.arguments.get("self")
    if owner is None:
        return hook.method
    return f"{type(owner).__name__}.{hook.method}"


# ---- the session: settings, and what was found ----------------------------------------

@dataclass
class Session:
    strict: bool = False
    on_fail: str = "warn"
    epochs_cap: int | None = None
    steps_cap: int | None = None
    stream: Any = None                        # where on_fail="print" writes; None: sys.stderr
    report: Report = field(default_factory=lambda: Report(title="kerasdoctor: findings of this run"))
    calls: int = 0                            # hooked calls that ran the checks (fit, search, cross-validation)
    trained: int = 0                          # of them, those that went on to the real method
    checked: dict = field(default_factory=dict)   # "GridSearchCV.fit" -> calls checked
    stopped: KerasDoctorError | None = None   # what --strict raised inside the current outer call
    outer_calls: int = 0                      # hooked calls made outside any other hooked call
    _seen: set = field(default_factory=set, repr=False)

    def record(self, report: Report, nested: bool = False) -> Report:
        """Keep and show the findings not seen before in this session (code + location + message).

        ``nested``: the report of a call made inside another hooked call (the Keras
        fit of each fold of a search builds a new model, so layer names and the
        fold's numbers change from fold to fold): each code is shown once per
        outer call.
        """
        new = Report(title=report.title)
        for finding in report.findings:
            key = ("nested", self.outer_calls, finding.code) if nested else \
                (finding.code, finding.location, finding.message)
            if key not in self._seen:
                self._seen.add(key)
                new.findings.append(finding)
        self.report.findings.extend(new.findings)
        if new.findings:
            self.show(new)
        return new

    def show(self, report: Report) -> None:
        if self.on_fail == "warn":
            report.warn(stacklevel=5)   # Report.warn <- show <- record <- _before <- hooked <- the user's call
        elif self.on_fail == "print":
            stream = self.stream or sys.stderr
            color = bool(getattr(stream, "isatty", lambda: False)())
            stream.write(report.render_text(color=color) + "\n")
            stream.flush()
        elif self.on_fail == "display":
            try:
                from IPython.display import display
            except ImportError:   # not in IPython after all: text on stderr
                (self.stream or sys.stderr).write(report.render_text() + "\n")
            else:
                display(report)   # a notebook renders its _repr_html_


_session: Session | None = None
_installed: dict[tuple[str, str], tuple[type, bool, Any]] = {}   # (owner, method) -> (owner obj, had own, raw)
_active: contextvars.ContextVar[tuple] = contextvars.ContextVar("kerasdoctor_active", default=())


def _before(session: Session, hook: Hook, call: inspect.BoundArguments) -> Report:
    try:
        report = hook.check(call)
    except Exception as error:   # a hook never breaks the user's program
        report = Report(findings=[crashed(f"hook {hook.name}", error)])
    session.calls += 1
    name = call_name(hook, call)
    session.checked[name] = session.checked.get(name, 0) + 1
    session.record(report, nested=bool(_active.get()[:-1]))   # [-1] is this call's own group
    if session.strict and not report.ok:
        session.stopped = KerasDoctorError(report)
        raise session.stopped
    return report


def _wrap(hook: Hook, original):
    signature = inspect.signature(original)

    @functools.wraps(original)
    def hooked(*args, **kwargs):
        session = _session
        if session is None or hook.nesting in _active.get():
            # A call made by the library itself inside a hooked one (fit() calls
            # evaluate() for validation, a search inside cross_val_score): the outer
            # call does the work.
            return original(*args, **kwargs)
        try:
            call = signature.bind(*args, **kwargs)
        except TypeError:
            return original(*args, **kwargs)   # the library reports wrong arguments itself
        outermost = not _active.get()
        if outermost:
            session.stopped = None
            session.outer_calls += 1
        token = _active.set(_active.get() + (hook.nesting,))
        try:
            report = None
            if hook.check is not None:
                report = _before(session, hook, call)
                session.trained += 1
            if hook.caps and (session.epochs_cap or session.steps_cap):
                args, kwargs = _clipped(session, call)
            try:
                result = original(*args, **kwargs)
            except Exception as error:
                if hook.explain is not None:
                    _explain(hook, error, call, report)
                if outermost and session.stopped is not None and error is not session.stopped:
                    raise session.stopped from error
                raise
            if outermost and session.stopped is not None:
                # --strict refused a Model.fit inside a search, which scikit-learn's
                # error_score=nan turned into a 'fit failed' warning: stop here instead
                raise session.stopped
            return result
        finally:
            _active.reset(token)

    hooked.__kerasdoctor_hook__ = hook
    return hooked


def _clipped(session: Session, call: inspect.BoundArguments):
    from .caps import clip_fit_arguments

    try:
        model, arguments = model_call(call)
        return (model,), clip_fit_arguments(arguments, session.epochs_cap, session.steps_cap)
    except Exception:   # clipping failed: train as asked rather than not at all
        return call.args, call.kwargs


def _explain(hook: Hook, error: BaseException, call: inspect.BoundArguments, report: Report | None) -> None:
    try:
        hook.explain(error, call, report)
    except Exception:   # an explanation that fails must leave the user's error as it was
        pass


# ---- install / uninstall ------------------------------------------------------------

def install(strict: bool = False, on_fail: str = "warn", *, epochs_cap: int | None = None,
            steps_cap: int | None = None, stream=None) -> Session:
    """Check every ``keras.Model.fit``, search ``fit`` and cross-validation before it trains;
    explain the errors they raise anyway.

    ``on_fail``: how new findings are shown: "warn" (a `KerasDoctorWarning`
    each), "print" (a report on stderr), "display" (IPython display, HTML in a
    notebook), "return" (only collected in the returned session's ``report``),
    or "raise" (same as ``strict=True``). ``strict``: raise `KerasDoctorError`
    before training when a check finds an error. Each distinct problem
    (code, location, message) is shown once per installation. Installing
    again changes the settings and starts a new session; nothing is wrapped twice.
    """
    global _session
    if on_fail not in ON_FAIL:
        raise ValueError(f"on_fail must be one of {', '.join(map(repr, ON_FAIL))}, not {on_fail!r}")
    for cap, value in (("epochs_cap", epochs_cap), ("steps_cap", steps_cap)):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(f"{cap} must be a positive integer, not {value!r}")
    for hook in HOOKS:
        key = (hook.owner, hook.method)
        if key in _installed:
            continue
        try:
            owner = hook.resolve()
        except (ImportError, AttributeError):
            continue   # that library is not installed: nothing to hook
        had_own = hook.method in vars(owner)
        raw = vars(owner).get(hook.method)
        setattr(owner, hook.method, _wrap(hook, getattr(owner, hook.method)))
        _installed[key] = (owner, had_own, raw)
    _session = Session(strict=strict or on_fail == "raise", on_fail=on_fail, epochs_cap=epochs_cap,
                       steps_cap=steps_cap, stream=stream)
    return _session


def uninstall() -> None:
    """Put back the original methods, the very objects that were there before `install`."""
    global _session
    for (_, method), (owner, had_own, raw) in list(_installed.items()):
        if had_own:
            setattr(owner, method, raw)
        else:
            delattr(owner, method)
    _installed.clear()
    _session = None


def is_installed() -> bool:
    return _session is not None


@contextlib.contextmanager
def installed(strict: bool = False, on_fail: str = "warn", **caps):
    """``with kd.installed(...) as session:`` hooks for a block; the state before it comes back after."""
    global _session
    before = _session
    session = install(strict, on_fail, **caps)
    try:
        yield session
    finally:
        if before is None:
            uninstall()
        else:
            _session = before
