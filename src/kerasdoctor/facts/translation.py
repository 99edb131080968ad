"""A search grid as Keras' own wrappers can take it: the same candidates, through ``model_kwargs`` and ``fit_kwargs``.

`keras.wrappers.SKLearnClassifier` has four parameters (``model``, ``warm_start``,
``model_kwargs``, ``fit_kwargs``). scikeras' routed keys do not exist there:
``set_params(model__units=8)`` treats ``model`` as an estimator and fails with
"'function' object has no attribute 'set_params'", and a bare ``units`` or
``epochs`` is an "Invalid parameter". Each key is placed where it means the same:
an argument of the build function goes into ``model_kwargs``, an argument of
``keras.Model.fit`` into ``fit_kwargs``, as the product of their values (a grid
of dicts is the same grid of candidates). What has no place is said, with why.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .names import source_of

WRAPPER_PARAMS = ("model", "warm_start", "model_kwargs", "fit_kwargs")
# scikeras compiles the model itself with these; with Keras' wrappers the build function compiles.
COMPILE_ARGUMENTS = ("optimizer", "loss", "metrics")
SPELLED_OUT = 12  # the most candidates written out one by one; more become a comprehension


@dataclass
class Placement:
    """Where one grid key goes: "model" (model_kwargs), "fit" (fit_kwargs), "keep", or None (no place)."""

    target: str | None
    name: str = ""  # the argument's name in model_kwargs / fit_kwargs
    why: str = ""  # for no place


@dataclass
class GridTranslation:
    bad: list[str] = field(default_factory=list)  # keys set_params refuses
    homeless: dict[str, str] = field(default_factory=dict)  # key -> why it has no place
    tuned_fit: set[str] = field(default_factory=set)  # fit arguments the grid tunes, by their fit() names
    text: str = ""  # the grid rewritten, as code


def place(name: str, *, build: str, takes, fit_names) -> Placement:
    """Where the wrapper-level key ``name`` (a Pipeline's prefix removed) belongs."""
    if name in WRAPPER_PARAMS:
        return Placement("keep")
    for routed, target in (("model__", "model"), ("fit__", "fit")):
        if name.startswith(routed):
            sub = name[len(routed) :]
            if (target == "model" and takes(sub)) or (target == "fit" and sub in fit_names):
                return Placement(target, sub)
            return Placement(None, why=f"{build if target == 'model' else 'fit()'} takes no argument {sub!r}")
    if "__" in name:
        part, sub = name.split("__", 1)
        if part in COMPILE_ARGUMENTS:
            return Placement(
                None,
                why=f"scikeras builds the {part} itself; here {build} compiles: add an argument "
                f"{sub} to {build} and use it there",
            )
        return Placement(None, why=f"scikeras routes it to its {part!r}; Keras' wrappers route nothing")
    if takes(name):
        return Placement("model", name)
    if name in fit_names:
        return Placement("fit", name)
    if name in COMPILE_ARGUMENTS:
        return Placement(None, why=f"add an argument {name} to {build} and pass it to compile()")
    return Placement(None, why=f"neither the wrapper nor {build} nor fit() takes it")


def _values(grid: dict, key: str, ref: str) -> tuple[list | None, str]:
    """(the values, enumerated, when each reads back as code; an expression for them)."""
    values = grid[key]
    if hasattr(values, "rvs"):
        return None, f"{ref}[{key!r}].rvs(10, random_state=0)"
    listed = list(values) if isinstance(values, (list, tuple, range)) else None
    expression = source_of(values, f"{ref}[{key!r}]")
    if listed is not None and all(source_of(v, None) is not None for v in listed):
        return listed, expression
    return None, expression


def _kwargs_candidates(base: list[dict], grid: dict, keys: list[tuple[str, str]], ref: str) -> str:
    """The model_kwargs (or fit_kwargs) candidates: every base dict with every combination of the keys' values."""
    columns = [_values(grid, key, ref) for key, _ in keys]
    names = [name for _, name in keys]
    bases = [source_of(b, None) for b in base]
    if all(values is not None for values, _ in columns) and all(bases):
        combos = list(itertools.product(base, *[values for values, _ in columns]))
        if len(combos) <= SPELLED_OUT:
            written = [{**b, **dict(zip(names, vs))} for b, *vs in combos]
            return "[" + ", ".join(source_of(w, "{}") for w in written) + "]"
    loops = " ".join(f"for v{i} in {expression}" for i, (_, expression) in enumerate(columns))
    items = ", ".join(f"{name!r}: v{i}" for i, name in enumerate(names))
    if base == [{}]:
        return f"[{{{items}}} {loops}]"
    base_text = source_of(base, f"{ref}_base")
    return f"[{{**b, {items}}} for b in {base_text} {loops}]"


def translate_grid(
    grids: list[dict],
    *,
    prefix: str,
    build: str,
    takes,
    fit_names,
    model_kwargs: dict,
    ref: str,
    extra_fit_kwargs: dict | None = None,
) -> GridTranslation:
    """Each grid (dict) rewritten for Keras' wrapper at grid-key ``prefix``.

    ``takes(name)``: whether the build function takes that argument; ``fit_names``: keras.Model.fit's
    arguments; ``model_kwargs``: the wrapper's own, which a grid's model_kwargs replace (so they are
    merged into every candidate); ``ref``: code for the user's grid ("search.param_grid"), for values
    that cannot be written out; ``extra_fit_kwargs``: fit arguments every candidate must carry.
    """
    result = GridTranslation()
    texts = []
    for index, grid in enumerate(grids):
        grid_ref = f"{ref}[{index}]" if len(grids) > 1 else ref
        placed = {}
        for key in grid:
            if key.startswith(prefix):
                where = place(key[len(prefix) :], build=build, takes=takes, fit_names=fit_names)
                placed[key] = where
                if where.target != "keep":
                    result.bad.append(key)
                if where.target is None:
                    result.homeless[key] = where.why
                if where.target == "fit":
                    result.tuned_fit.add(where.name)
        texts.append(_rewrite(grid, placed, prefix, model_kwargs, extra_fit_kwargs or {}, grid_ref))
    result.text = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
    return result


def _rewrite(grid: dict, placed: dict, prefix: str, model_kwargs: dict, extra_fit: dict, ref: str) -> str:
    """One grid dict as code: its model and fit keys gathered into model_kwargs and fit_kwargs
    (merged with the candidates it already gives them), in the place of the first such key."""
    entries: dict[str, str] = {}
    for target, own in (("model", model_kwargs), ("fit", extra_fit)):
        keys = [(k, p.name) for k, p in placed.items() if p.target == target]
        name = f"{prefix}{target}_kwargs"
        if not keys and not (target == "fit" and extra_fit):
            continue
        given = grid.get(name)
        if given is None or hasattr(given, "rvs"):
            base = [dict(own)]
        else:
            base = [{**(extra_fit if target == "fit" else {}), **dict(g)} for g in given]
        entries[name] = _kwargs_candidates(base, grid, keys, ref)
    out, emitted = [], set()
    for key in grid:
        where = placed.get(key)
        if where is not None and where.target is None:
            continue  # no place: dropped, and the finding says why
        if where is not None and where.target in ("model", "fit"):
            key = f"{prefix}{where.target}_kwargs"
        if key in emitted:
            continue
        emitted.add(key)
        value = entries.pop(key) if key in entries else source_of(grid[key], f"{ref}[{key!r}]")
        out.append(f"{key!r}: {value}")
    out += [f"{k!r}: {v}" for k, v in entries.items()]
    return "{" + ", ".join(out) + "}"


# ---- a scikeras estimator on Keras' own wrapper ---------------------------------------

SCIKERAS_FIT = ("epochs", "batch_size", "verbose", "callbacks", "validation_split", "shuffle", "class_weight")
KERAS_WRAPPER_OF = {"KerasClassifier": "SKLearnClassifier", "KerasRegressor": "SKLearnRegressor"}


@dataclass
class KerasEquivalent:
    """A scikeras estimator as Keras' own wrapper takes it: what goes where."""

    wrapper: str  # "SKLearnClassifier"
    build: str
    signature: str | None = None  # the def line with X and y, when the build function lacks them
    lines: list[str] = field(default_factory=list)  # build function lines respelt (compile, output layer)
    compile_arguments: dict = field(default_factory=dict)  # scikeras' own optimizer/loss/metrics: for compile()
    model_kwargs: dict = field(default_factory=dict)
    fit_arguments: dict = field(default_factory=dict)  # for search.fit / params= (the clone drops fit_kwargs)
    grid: GridTranslation | None = None


def keras_equivalent(scikeras, grids: list[dict], prefix: str, ref: str, fit_names) -> KerasEquivalent:
    """What ``scikeras`` (a KerasClassifier/KerasRegressor, as built) and its search grid become on
    keras.wrappers: routed ``model__`` and build arguments -> model_kwargs, fit arguments -> the
    search's fit, scikeras' compile arguments -> the build function, which receives X and y."""
    import inspect

    from .wrappers import function_source

    params = scikeras.get_params(deep=False)
    defaults = {k: p.default for k, p in inspect.signature(type(scikeras).__init__).parameters.items()}
    build = params.get("model") or params.get("build_fn")
    name = getattr(build, "__name__", "build")
    source, _ = function_source(build) if callable(build) else (None, "")
    takes = source.takes if source is not None else (lambda argument: True)
    keras_name = KERAS_WRAPPER_OF.get(type(scikeras).__name__, "SKLearnClassifier")
    result = KerasEquivalent(keras_name, name)
    for key, value in params.items():
        if key in ("model", "build_fn") or (key in defaults and same_value(value, defaults[key])):
            continue
        if key in SCIKERAS_FIT or key.startswith("fit__"):
            result.fit_arguments[key.removeprefix("fit__")] = value
        elif key in COMPILE_ARGUMENTS and not (source is not None and source.compile_call is not None):
            result.compile_arguments[key] = value
        elif key.startswith("model__") or (key not in defaults and takes(key)):
            result.model_kwargs[key.removeprefix("model__")] = value
    if source is not None:
        if not (source.takes("X") and source.takes("y")):
            result.signature = source.signature_with_xy()
        if keras_name == "SKLearnClassifier":
            result.lines = _onehot_lines(source)
    if grids:
        kwargs = result.model_kwargs
        tuned = translate_grid(
            grids, prefix=prefix, build=name, takes=takes, fit_names=fit_names, model_kwargs=kwargs, ref=ref
        )
        result.grid = tuned
        result.fit_arguments = {k: v for k, v in result.fit_arguments.items() if k not in tuned.tuned_fit}
    return result


def same_value(value, default) -> bool:
    """``value`` is ``default`` (same type, equal); False for arrays and the like."""
    try:
        return type(value) is type(default) and (value is default or bool(value == default))
    except (TypeError, ValueError):
        return False


def _onehot_lines(source) -> list[str]:
    """The build function's lines for one-hot targets: a sparse loss respelt, one sigmoid unit widened."""
    from .build_source import loss_spelling

    lines = []
    spelled, _ = loss_spelling(source.loss)
    if type(source.units).__name__ == "Constant" and source.units.value == 1:
        lines.append(source.output_for_onehot())
        if source.activation == "sigmoid" and source.compile_call is not None:
            lines.append(source.compile_for_onehot("binary"))
    elif spelled and "sparse" in spelled.lower() and source.compile_call is not None:
        lines.append(source.compile_for_onehot("sparse"))
    return lines
