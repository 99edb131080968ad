"""KD501 at runtime: a Keras 2 argument given to `kd.check` or to a hooked `fit`/`evaluate`/`predict`.

Keras 3's `fit` and `predict` have no `**kwargs`, so `fit(x, y, nb_epoch=10)`
raises TypeError before anything is checked; `evaluate` takes them and raises
ValueError itself. These findings say which argument and its Keras 3 spelling
before Keras raises (the hooks), or instead of raising (`kd.check`).
"""

from __future__ import annotations

from ..codes.migration import REMOVED_ARGUMENTS, removed_arguments
from ..facts.names import user_name
from ..findings import Finding


def keras2_arguments(method: str, given: dict) -> dict:
    """The arguments of ``given`` that are Keras 2 arguments of ``method`` (fit, evaluate, predict, compile)."""
    removed = REMOVED_ARGUMENTS.get(method, {})
    return {name: value for name, value in given.items() if name in removed}


def _shown(value) -> str:
    return "..." if value is Ellipsis else repr(value)  # ...: read from an error message, which has no values


def removed_training_arguments(method: str, given: dict, model=None, name: str | None = None) -> Finding:
    """KD501 for a call's Keras 2 arguments (by name, with their values): the fix is the call in Keras 3 words.
    ``name``: the model's name in the user's code (else looked up for ``model``, else "model")."""
    removed = REMOVED_ARGUMENTS[method]
    receiver = name or (user_name(model, "model") if model is not None else "model")
    renamed = ", ".join(f"{removed[n]}={_shown(value)}" for n, value in given.items() if removed[n])
    dropped = ", ".join(f"{n}={_shown(value)}" for n, value in given.items() if not removed[n])
    fix = f"{receiver}.{method}(..., {renamed})" if renamed else f"{receiver}.{method}(...)"
    if dropped:
        fix += f"   # without {dropped}"
    return removed_arguments(method=method, names=list(given), fix=fix)
