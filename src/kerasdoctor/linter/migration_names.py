"""Lint rules on names Keras 3 and NumPy 2 removed: KD504 (modules, layers, `keras.backend`'s math), KD507.

A module is judged as the file spells it: `tensorflow.keras` still serves a
few legacy modules that `keras` dropped (`preprocessing.text`, the backend's
math), so `from tensorflow.keras import backend as K; K.sum(x)` is fine and
`from keras import backend as K; K.sum(x)` is not.
"""

from __future__ import annotations

import ast

from ..codes import migration as codes
from ..codes.registry import LINT_ATTRIBUTE, LINT_CALL, LINT_IMPORT, detects
from . import keras2
from .tracker import Scope, Tracker, callees


def _as_spelled(spelled: str, module: str) -> str:
    """``module`` (a `keras.` name) under the prefix the file used: `tensorflow.keras.layers` for tf.keras."""
    for prefix in ("tensorflow.keras",):
        if spelled == prefix or spelled.startswith(prefix + "."):
            return prefix + module[len("keras") :] if module.startswith("keras") else module
    return module


def _as_keras(spelled: str) -> str:
    """`tensorflow.keras.layers.merge` -> `keras.layers.merge`: the same modules. `keras.src` (Keras 3's own
    code), `tf_keras` (Keras 2, installed on purpose) and `tensorflow.python.keras` (TensorFlow's internal
    copy of Keras 2, still shipped) are other packages and stay as they are."""
    if spelled == "tensorflow.keras" or spelled.startswith("tensorflow.keras."):
        return "keras" + spelled[len("tensorflow.keras") :]
    return spelled


def _within(module: str, table) -> str | None:
    """The entry of ``table`` that ``module`` is, or is a submodule of."""
    parts = module.split(".")
    for end in range(2, len(parts) + 1):
        prefix = ".".join(parts[:end])
        if prefix in table:
            return prefix
    return None


_KERAS_PREFIXES = tuple(keras2.REMOVED_MODULES)
_SPELLED_PREFIXES = tuple(keras2.KERAS_ONLY_MODULES) + tuple(keras2.REWRITTEN_MODULES)


def _removed_module(spelled: str) -> tuple[str, str] | None:
    """(what replaces it, for the message; the replacement module, or "" for a rewrite) of a removed module."""
    module = _as_keras(spelled)
    if not module.startswith(_KERAS_PREFIXES) and not spelled.startswith(_SPELLED_PREFIXES):
        return None  # the common case, decided in C: most imports are of nothing removed
    removed = _within(module, keras2.REMOVED_MODULES)
    if removed is not None:
        home = _as_spelled(spelled, keras2.REMOVED_MODULES[removed])
        return f"`{home}`", home
    removed = _within(spelled, keras2.KERAS_ONLY_MODULES)  # as spelled: tensorflow.keras still has them
    if removed is not None:
        replacement = keras2.KERAS_ONLY_MODULES[removed]
        return replacement, replacement.split(" ", 1)[0]
    removed = _within(spelled, keras2.REWRITTEN_MODULES)
    if removed is not None:
        return keras2.REWRITTEN_MODULES[removed][0], ""
    return None


def _rewrite(spelled: str) -> str:
    return keras2.REWRITTEN_MODULES[_within(spelled, keras2.REWRITTEN_MODULES)][1]


@detects(codes.KD504, kind=LINT_IMPORT)
def removed_module_import(tracker: Tracker, s: ast.Import | ast.ImportFrom, scope: Scope) -> None:
    """KD504: `from keras.layers.merge import concatenate`, `from keras.utils import np_utils`, ..."""
    if type(s) is ast.Import:
        for alias in s.names:
            found = _removed_module(alias.name)
            if found is not None:
                replacement, home = found
                if not home:
                    fix = _rewrite(alias.name)
                elif alias.asname:
                    fix = f"import {home} as {alias.asname}"
                else:
                    fix = f"import {home}   # and write {home}.X where the code says {alias.name}.X"
                tracker.emit(s, codes.removed_module(module=alias.name, replacement=replacement, fix=fix))
        return
    if s.level or not s.module:
        return
    found = _removed_module(s.module)
    if found is not None:
        replacement, home = found
        if not home:
            fix = _rewrite(s.module)
        else:
            homes: dict[str, list[str]] = {}
            for alias in s.names:
                where = _as_spelled(s.module, keras2.NAME_HOME[alias.name]) if alias.name in keras2.NAME_HOME else home
                homes.setdefault(where, []).append(ast.unparse(alias))
            fix = "\n".join(f"from {where} import {', '.join(names)}" for where, names in homes.items())
        tracker.emit(s, codes.removed_module(module=s.module, replacement=replacement, fix=fix))
        return
    _removed_names(tracker, s)


def _removed_names(tracker: Tracker, s: ast.ImportFrom) -> None:
    """`from keras.utils import np_utils` (a removed submodule), `from keras.layers import CuDNNLSTM`,
    `from keras.preprocessing.image import ImageDataGenerator` (a name only tensorflow.keras still has)."""
    if not s.module.startswith(("keras", "tensorflow")):
        return
    kept, moved = [], []
    for alias in s.names:
        spelled = f"{s.module}.{alias.name}"
        found = _removed_module(spelled)
        name = _as_keras(spelled)
        if found is not None and found[1] and name not in keras2.IMPORTABLE:
            parent, _, last = found[1].rpartition(".")
            moved.append((spelled, found[0], f"from {parent} import {last} as {alias.asname or alias.name}"))
        elif name in keras2.RENAMED_LAYERS:
            new = keras2.RENAMED_LAYERS[name]
            moved.append((spelled, f"`{new}`", f"from {s.module} import {new} as {alias.asname or alias.name}"))
        elif s.module == "keras.backend" and alias.name in keras2.BACKEND_OPS:
            axis = keras2.BACKEND_OPS[alias.name]
            note = f"   # Keras 2's default was axis={axis}: pass it" if axis is not None else ""
            line = f"from keras.ops import {ast.unparse(alias)}{note}"
            moved.append((spelled, f"`keras.ops.{alias.name}`", line))
        elif s.module.startswith("keras.") and spelled in keras2.KERAS_ONLY_NAMES:
            home = keras2.KERAS_ONLY_NAMES[spelled]
            why = keras2.KERAS_ONLY_WHY[alias.name]
            moved.append((spelled, f"`{home}` (legacy; {why})", f"from {home} import {ast.unparse(alias)}"))
        else:
            kept.append(ast.unparse(alias))
    if not moved:
        return
    lines = [f"from {s.module} import {', '.join(kept)}"] if kept else []
    fix = "\n".join(lines + [line for _, _, line in moved])
    for spelled, replacement, _ in moved:
        tracker.emit(s, codes.removed_name(name=spelled, replacement=replacement, fix=fix))


@detects(codes.KD504, kind=LINT_CALL)
@callees(*keras2.BACKEND_OPS, *(name.rsplit(".", 1)[1] for name in keras2.RENAMED_LAYERS))
def removed_name_call(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD504: `K.sum(x)` with `from keras import backend as K` (keras.ops now); `keras.layers.CuDNNLSTM(64)`."""
    if type(call.func) is not ast.Attribute:
        return  # `from keras.backend import sum`: reported on the import
    spelled = tracker.spelled(call.func, scope)
    if spelled is None:
        return
    if _backend_op(spelled) is not None:
        import copy  # a finding's fix only

        keras, imported = tracker.spelling("keras", scope)
        fixed = _OpsRewriter(tracker, scope, keras).visit(copy.deepcopy(call))
        inner = {id(n) for n in ast.walk(call) if n is not call and type(n) is ast.Call}
        tracker.found = [(node, f) for node, f in tracker.found if id(node) not in inner or f.code != codes.KD504.code]
        tracker.emit(
            call,
            codes.removed_name(
                name=spelled,
                replacement=f"`keras.ops.{_backend_op(spelled)}`",
                fix=f"{imported}\n{ast.unparse(fixed)}" if imported else ast.unparse(fixed),
            ),
        )
        return
    name = _as_keras(spelled)
    if name in keras2.RENAMED_LAYERS:
        new = keras2.RENAMED_LAYERS[name]
        func = ast.Attribute(value=call.func.value, attr=new, ctx=ast.Load())
        fix = ast.unparse(ast.Call(func=func, args=call.args, keywords=call.keywords))
        tracker.emit(call, codes.removed_name(name=spelled, replacement=f"`{new}`", fix=fix))


def _backend_op(spelled: str) -> str | None:
    """The keras.ops name of Keras 2's `keras.backend.<op>`, spelled through `keras` (not tensorflow.keras)."""
    module, _, name = spelled.rpartition(".")
    return name if module == "keras.backend" and name in keras2.BACKEND_OPS else None


class _OpsRewriter(ast.NodeTransformer):
    """`K.mean(K.square(a - b), axis=-1)` -> `keras.ops.mean(keras.ops.square(a - b), axis=-1)`, with Keras 2's
    default axis written out where keras.ops' differs, and keyword names keras.ops spells otherwise."""

    def __init__(self, tracker: Tracker, scope: Scope, keras: str):
        self.tracker, self.scope, self.ops = tracker, scope, ast.parse(f"{keras}.ops", mode="eval").body

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        spelled = self.tracker.spelled(node.func, self.scope)
        op = _backend_op(spelled) if spelled is not None else None
        if op is None:
            return node
        renames = keras2.BACKEND_KEYWORDS.get(op, {})
        node.func = ast.Attribute(value=self.ops, attr=op, ctx=ast.Load())
        node.keywords = [
            ast.keyword(arg=renames.get(k.arg, k.arg), value=k.value)
            for k in node.keywords
            if k.arg not in renames or renames[k.arg]
        ]
        axis = keras2.BACKEND_OPS[op]
        if axis is not None and len(node.args) < 2 and not any(k.arg == "axis" for k in node.keywords):
            node.keywords.append(ast.keyword(arg="axis", value=ast.Constant(axis)))
        return node


@detects(codes.KD507, kind=LINT_ATTRIBUTE)
def removed_numpy_alias(tracker: Tracker, node: ast.Attribute, scope: Scope) -> None:
    """KD507: `np.float`, `np.int`, `np.float_`, `np.NaN`, ... (AttributeError on NumPy 2)."""
    if tracker.spelled(node, scope) != f"numpy.{node.attr}":
        return
    numpy = ast.unparse(node.value)  # the file's own name for numpy: np, numpy, onp
    replacement = keras2.NUMPY_REMOVED[node.attr].replace("np.", f"{numpy}.")
    tracker.emit(node, codes.removed_numpy_alias(spelled=ast.unparse(node), replacement=replacement))


removed_numpy_alias.attributes = frozenset(keras2.NUMPY_REMOVED)
