"""Facts about Keras' own scikit-learn wrappers (`keras.wrappers.SKLearnClassifier`, `SKLearnRegressor`,
`SKLearnTransformer`) in a search or cross-validation. No judgement here: `kerasdoctor.checks.wrappers` judges.

- what the fold trains: the estimator cloned as the search clones it, the grid's values
  set as the search sets them, and cloned again where a meta-estimator clones at fit
  (`fold_wrapper`); so `fit_kwargs` that the clone drops are seen as dropped by the
  installed libraries themselves, and kept ones as kept;
- which of ``search.fit``'s parameters reach the wrapper's fit (`routed_fit_params`);
- what targets the wrapper hands the build function and ``model.fit`` (`encoded_targets`,
  the wrapper's own target encoding run on a clone, on the classes only);
- what the build function compiles and how wide its output is (`build_facts`, read from its
  source: `kerasdoctor.facts.build_source`; a Model instance is read directly).
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import textwrap
from dataclasses import dataclass, field
from typing import Any

from .build_source import BuildSource, read_build
from .splitters import final_estimator, fit_prefix, inner, step_prefix, wrapper_of

UNKNOWN = object()  # an expression whose value the source does not show
WRAPPER_PARAMS = ("model", "warm_start", "model_kwargs", "fit_kwargs")


def keras_wrapper(estimator):
    """The keras.wrappers estimator the (Pipeline, TransformedTargetRegressor ...) estimator trains, or None."""
    return final_estimator(estimator) if wrapper_of(estimator) == "keras" else None


@functools.cache
def fit_defaults() -> dict[str, Any]:
    """``keras.Model.fit``'s keyword arguments and their defaults, from the installed Keras."""
    import keras

    parameters = inspect.signature(keras.Model.fit).parameters
    return {n: p.default for n, p in parameters.items() if n not in ("self", "x", "y")}


# ---- what the folds train -------------------------------------------------------


def fold_wrapper(estimator, params: dict | None = None):
    """The wrapper a fold trains: ``clone(estimator).set_params(**params)``, as
    `sklearn.model_selection._validation._fit_and_score` builds it, then cloned again by a
    meta-estimator that clones what it wraps at fit (TransformedTargetRegressor)."""
    from sklearn.base import clone

    fold = clone(estimator)
    if params:
        fold.set_params(**clone(params, safe=False))
    while (level := inner(fold)) is not None:
        fold, _, _, cloned_at_fit = level
        if cloned_at_fit:
            fold = clone(fold)
    return fold


def routing_enabled() -> bool:
    """scikit-learn's metadata routing: then a search hands the wrapper only the fit parameters it
    requested, and Keras' wrappers request none (``search.fit(X, y, epochs=3)`` raises TypeError)."""
    import sklearn

    return bool(sklearn.get_config().get("enable_metadata_routing", False))


def routed_fit_params(estimator, fit_params: dict | None) -> dict | None:
    """The ``search.fit(X, y, **fit_params)`` parameters that reach the wrapper's fit, by the wrapper's
    names (a Pipeline's ``clf__epochs`` -> ``epochs``); None when metadata routing refuses them."""
    if not fit_params:
        return {}
    if routing_enabled():
        return None
    prefix = fit_prefix(estimator)
    return {k[len(prefix) :]: v for k, v in fit_params.items() if k.startswith(prefix) and "__" not in k[len(prefix) :]}


def grid_dicts(grids: list[dict]) -> list[dict]:
    """The grid as a list of dicts (one empty dict when there is no grid: the estimator as given)."""
    return grids or [{}]


def candidates(grid: dict, key: str, limit: int = 20) -> list | None:
    """The values a grid gives ``key`` (at most ``limit``), or None when it gives none or a distribution."""
    values = grid.get(key)
    if values is None or hasattr(values, "rvs") or isinstance(values, (str, bytes, dict)):
        return None
    try:
        return list(values)[:limit]
    except TypeError:
        return None


def kept_fit_kwargs(estimator, grid: dict) -> set[str]:
    """The keys of fit_kwargs every fold of this grid (dict) trains with, after clone and set_params."""
    key = step_prefix(estimator) + "fit_kwargs"
    values = candidates(grid, key)
    if values is None:
        return set((fold_wrapper(estimator).fit_kwargs or {}).keys())
    kept = [set((fold_wrapper(estimator, {key: v}).fit_kwargs or {}).keys()) for v in values]
    return set.intersection(*kept) if kept else set()


def model_kwargs_variants(estimator, grids: list[dict]) -> list[dict]:
    """The model_kwargs the folds build with: the grid's candidates where it sets them, else the wrapper's."""
    key = step_prefix(estimator) + "model_kwargs"
    variants = []
    for grid in grid_dicts(grids):
        values = candidates(grid, key)
        if values is None:
            variants.append(dict(fold_wrapper(estimator).model_kwargs or {}))
        else:
            variants += [dict(fold_wrapper(estimator, {key: v}).model_kwargs or {}) for v in values]
    unique = []
    for variant in variants:
        if variant not in unique:
            unique.append(variant)
    return unique


# ---- what the wrapper hands the build function ------------------------------------


@dataclass(frozen=True)
class Encoding:
    """The targets the wrapper hands ``build(X=, y=)`` and ``model.fit``, for one set of classes."""

    ndim: int | None = None
    columns: int | None = None  # columns of the 2-D targets
    onehot: bool = False
    refused: str | None = None  # the wrapper's own error for these targets
    unknown: str | None = None  # why this Keras' encoding could not be asked


def encoded_targets(wrapper, y) -> Encoding:
    """What the wrapper's own target encoding makes of ``y`` (pass the classes, or a few rows: the
    encoding depends on the set of classes only). Run on a clone: the user's wrapper is not touched.

    Keras 3.15's SKLBase.fit validates X and y with scikit-learn's ``validate_data(self, X, y)`` (a
    classifier's y must be 1-D), then calls ``self._process_target(y, reset=True)``: SKLearnClassifier
    one-hot encodes (a OneHotEncoder fit on the training part's classes), SKLearnRegressor only makes
    1-D y 2-D. Both steps run here on ``y`` with a stand-in X, so an error is about y.
    """
    import numpy as np
    from sklearn.base import clone
    from sklearn.utils.validation import validate_data

    probe = clone(wrapper)
    process = getattr(probe, "_process_target", None)
    if process is None:
        return Encoding(unknown=f"this Keras' {type(wrapper).__name__} has no _process_target")
    try:
        _, y = validate_data(probe, np.zeros((len(y), 1)), y)
        out = np.asarray(process(np.asarray(y), reset=True))
    except ValueError as error:
        return Encoding(refused=str(error))
    onehot = bool(out.ndim == 2 and out.shape[1] >= 2 and np.isin(out, (0, 1)).all() and (out.sum(axis=1) == 1).all())
    return Encoding(out.ndim, out.shape[1] if out.ndim == 2 else None, onehot)


# ---- what the build function compiles ---------------------------------------------


@dataclass
class BuildFacts:
    """The model the wrapper will build: its loss and output width, and where they are written."""

    name: str  # the build function's name, or the user's name for the Model instance
    source: BuildSource | None = None  # None: a Model instance, or a function whose source is unreadable
    instance: bool = False
    unreadable: str = ""
    losses: list[tuple[dict, Any]] = field(default_factory=list)  # (model_kwargs variant, LossFacts or None)
    loss_origin: str = ""  # "compile", a parameter's name, or "model" (an instance)
    units: int | None = None  # a fixed output width
    activation: str | None = None


def function_source(fn) -> tuple[BuildSource | None, str]:
    try:
        text = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as error:
        return None, f"the source of {getattr(fn, '__name__', fn)!r} is not available ({error})"
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None, f"the source of {fn.__name__!r} could not be parsed on its own (a lambda?)"
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None, f"{getattr(fn, '__name__', fn)!r} is not a plain function"
    return read_build(node), ""


class _Evaluator:
    """Evaluates the few expressions a build function's compile/Dense lines use, without running its
    code: constants, its parameters (``model_kwargs``, then their defaults), names it assigns once,
    its globals and closure, attributes of modules, and Keras loss classes with constant arguments."""

    def __init__(self, fn, source: BuildSource, model_kwargs: dict, preset: dict):
        self.fn, self.source, self.model_kwargs, self.depth = fn, source, {**preset, **model_kwargs}, 0
        try:
            self.signature = inspect.signature(fn)
        except (TypeError, ValueError):
            self.signature = None
        closure = inspect.getclosurevars(fn).nonlocals if inspect.isfunction(fn) else {}
        self.scopes = (closure, getattr(fn, "__globals__", {}), vars(builtins))

    def __call__(self, node: ast.expr | None):
        self.depth += 1
        try:
            return UNKNOWN if node is None or self.depth > 20 else self._value(node)
        finally:
            self.depth -= 1

    def _value(self, node: ast.expr):
        kind = type(node)
        if kind is ast.Constant:
            return node.value
        if kind is ast.Name:
            return self._name(node.id)
        if kind is ast.Attribute:
            base = self(node.value)
            if inspect.ismodule(base) or inspect.isclass(base):
                return getattr(base, node.attr, UNKNOWN)
            return UNKNOWN
        if kind is ast.Call:
            return self._loss_instance(node)
        return UNKNOWN

    def _name(self, name: str):
        if name in self.source.params:
            if name in self.model_kwargs:
                return self.model_kwargs[name]
            parameter = self.signature.parameters.get(name) if self.signature else None
            if parameter is not None and parameter.default is not inspect.Parameter.empty:
                return parameter.default
            return UNKNOWN
        assigned = self.source.assigned(name)
        if assigned is not None:
            return self(assigned)
        return next((scope[name] for scope in self.scopes if name in scope), UNKNOWN)

    def _loss_instance(self, call: ast.Call):
        import keras

        cls = self(call.func)
        if not (inspect.isclass(cls) and issubclass(cls, keras.losses.Loss)):
            return UNKNOWN
        args = [self(a) for a in call.args]
        kwargs = {k.arg: self(k.value) for k in call.keywords if k.arg}
        if UNKNOWN in args or UNKNOWN in kwargs.values() or len(kwargs) < len(call.keywords):
            return UNKNOWN
        return cls(*args, **kwargs)  # a Keras loss object: no state, no random draw


def build_facts(wrapper, variants: list[dict], name_of=None) -> BuildFacts:
    """The loss (per model_kwargs variant) and the output width of what ``wrapper.model`` builds.

    ``name_of(obj, default)``: the user's name for a Model instance.
    """
    import keras

    from .losses import LossFacts, loss_facts

    model = wrapper.model
    if isinstance(model, keras.Model):
        name = name_of(model, "model") if name_of else "model"
        facts = BuildFacts(name, instance=True, loss_origin="model")
        if model.loss is not None and not isinstance(model.loss, (list, tuple, dict)):
            facts.losses = [({}, loss_facts(model.loss))]
        outputs = getattr(model, "outputs", None) or []
        if len(outputs) == 1 and outputs[0].shape[-1] is not None:
            facts.units = int(outputs[0].shape[-1])
        return facts
    fn, preset = model, {}
    while isinstance(fn, functools.partial):
        fn, preset = fn.func, {**fn.keywords, **preset}
    source, why = function_source(fn)
    facts = BuildFacts(getattr(fn, "__name__", "build"), source, unreadable=why)
    if source is None:
        return facts
    if type(source.loss) is ast.Name and source.loss.id in source.params:
        facts.loss_origin = source.loss.id
    elif source.loss is not None:
        facts.loss_origin = "compile"
    for variant in variants or [{}]:
        value = _Evaluator(fn, source, variant, preset)(source.loss)
        loss = loss_facts(value) if value is not UNKNOWN and value is not None else None
        if value is UNKNOWN and source.loss is not None:
            loss = LossFacts(None, spelled=ast.unparse(source.loss), unknown_reason="not readable from the source")
        facts.losses.append((variant, loss))
    units = _Evaluator(fn, source, (variants or [{}])[0], preset)(source.units)
    if isinstance(units, int) and not isinstance(units, bool):
        facts.units = units
    facts.activation = source.activation
    return facts
