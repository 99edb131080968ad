"""What a hooked library call means: the table `HOOKS` and the adapters that read a call's arguments.

Each row names a method or function (owner, method), the function that turns
the call's bound arguments into a Report, whether a failure gets an
explanation, whether the fast-dev-run caps apply, and its nesting group. A hook
on another library's method is one more row; how a row is wrapped is
`wrapping`'s business, what is found is the `session`'s.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..findings import Report


def model_call(call: inspect.BoundArguments) -> tuple[Any, dict]:
    """(the model, the other arguments by name) of a hooked fit/evaluate/predict call."""
    arguments = dict(call.arguments)
    return arguments.pop("self"), arguments  # bind() fails without it: a method's self is required


def _keras_report(call: inspect.BoundArguments, method: str) -> Report:
    from ..checks.fit import check_arguments, check_fit

    model, arguments = model_call(call)
    return check_fit(model, call=method, **check_arguments(arguments))


def keras_fit_report(call: inspect.BoundArguments) -> Report:
    """kd.check on exactly the arguments this fit() received."""
    return _keras_report(call, "fit")


def keras_evaluate_report(call: inspect.BoundArguments) -> Report:
    """kd.check(..., call="evaluate") on exactly the arguments this evaluate() received."""
    return _keras_report(call, "evaluate")


def keras_predict_report(call: inspect.BoundArguments) -> Report:
    """kd.check(..., call="predict") on exactly the arguments this predict() received."""
    return _keras_report(call, "predict")


def search_fit_report(call: inspect.BoundArguments) -> Report:
    """The fold audit of ``search.fit(X, y, groups=..., **params)``, on exactly these arguments."""
    from ..checks.cv import check_search

    args = call.arguments
    params = dict(args.get("params") or {})  # BaseSearchCV.fit(self, X, y=None, **params): groups is one
    if args.get("X") is None:
        return Report()  # scikit-learn raises its own error for that
    return check_search(args["self"], args["X"], args.get("y"), params.pop("groups", None), params)


def cv_function_report(call: inspect.BoundArguments, function: str = "cross_val_score") -> Report:
    """The fold audit of ``cross_val_score(estimator, X, y, groups=..., cv=..., params=...)`` and its
    siblings (``function``: which one, for the fixes)."""
    from ..checks.cv import check_cv

    args = call.arguments
    if args.get("X") is None or not hasattr(args.get("estimator"), "fit"):
        return Report()
    return check_cv(
        args["estimator"],
        args["X"],
        args.get("y"),
        args.get("groups"),
        args.get("cv"),
        params=args.get("params"),
        n_jobs=args.get("n_jobs"),
        function=function,
        others={k: v for k, v in args.items() if k not in ("estimator", "X", "y", "groups", "cv", "params")},
    )


def keras_explain(error: BaseException, call: inspect.BoundArguments, report: Report | None) -> None:
    """The note for an error out of fit/evaluate/predict; ``report``: the call's own check, made before it
    ran (when it found an error, that finding is the note, whatever the message)."""
    from ..explanations import attach_note

    attach_note(error, *model_call(call), report)


def keras2_arguments_report(method: str):
    """For a call Python could not bind: KD501 when it is a Keras 2 argument (`fit(x, y, nb_epoch=10)`),
    found before Keras raises its TypeError; None for any other mistake, which Keras reports itself."""

    def report(args: tuple, kwargs: dict) -> Report | None:
        from ..checks.migration import keras2_arguments, removed_training_arguments

        given = keras2_arguments(method, kwargs)
        if not given:
            return None
        return Report(findings=[removed_training_arguments(method, given, args[0] if args else None)])

    return report


def cv_explain(error: BaseException, call: inspect.BoundArguments, report: Report | None) -> None:
    """The IndexError scikeras raises in a fold: KD302 from the audit made before the call."""
    from ..explanations import attach_cv_note

    attach_cv_note(error, report)


@dataclass(frozen=True)
class Hook:
    owner: str  # "module:attribute" of the class (or "module" for a function)
    method: str
    check: Callable[[inspect.BoundArguments], Report] | None = None
    # attach a note to a known error the call raises: (error, call, the check's report or None)
    explain: Callable[[BaseException, inspect.BoundArguments, Report | None], None] | None = keras_explain
    caps: bool = False  # apply --epochs-cap / --steps-cap
    group: str = ""  # a hooked call inside one of the same group is left to the outer one
    # the report on a call whose arguments do not bind (args, kwargs) -> Report | None, before the library raises
    unbound: Callable[[tuple, dict], Report | None] | None = None

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
    Hook("keras:Model", "fit", check=keras_fit_report, caps=True, unbound=keras2_arguments_report("fit")),
    # evaluate takes **kwargs: a Keras 2 argument binds, and its ValueError is explained
    Hook("keras:Model", "evaluate", check=keras_evaluate_report),
    Hook("keras:Model", "predict", check=keras_predict_report, unbound=keras2_arguments_report("predict")),
    # BaseSearchCV is not exported by sklearn.model_selection; _search is where 1.x defines it
    Hook(
        "sklearn.model_selection._search:BaseSearchCV",
        "fit",
        check=search_fit_report,
        explain=cv_explain,
        group="sklearn",
    ),
    *(
        Hook(
            "sklearn.model_selection",
            function,
            check=functools.partial(cv_function_report, function=function),
            explain=cv_explain,
            group="sklearn",
        )
        for function in ("cross_val_score", "cross_validate", "cross_val_predict")
    ),
]


def call_name(hook: Hook, call: inspect.BoundArguments) -> str:
    """What the user called: "GridSearchCV.fit", "Sequential.fit", "cross_val_score"."""
    owner = call.arguments.get("self")
    if owner is None:
        return hook.method
    return f"{type(owner).__name__}.{hook.method}"
