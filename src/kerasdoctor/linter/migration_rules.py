"""Lint rules on Keras 2 calls that Keras 3 refuses or ignores: KD501-KD503, KD505, KD506, KD508.

What Keras 3 does in each case is stated in `codes.migration` and triggered for
real by tests/test_migration.py. The removed modules and names (KD504) and
NumPy's removed aliases (KD507) are `migration_names`.
"""

from __future__ import annotations

import ast

from ..codes import migration as codes
from ..codes.registry import LINT_CALL, detects
from . import keras2, known
from .tracker import FLOAT, KERAS_2, MODEL, NUMPY_SCALAR, Scope, Tracker, argument, callees, keyword


def _replaced(call: ast.Call, *, func=None, args=None, keywords=None) -> ast.Call:
    """A copy of ``call`` with some parts replaced (the original tree is never changed)."""
    return ast.Call(
        func=call.func if func is None else func,
        args=call.args if args is None else args,
        keywords=call.keywords if keywords is None else keywords,
    )


def keras3_name(tracker: Tracker, func: ast.AST, scope: Scope) -> str | None:
    """The qualified name of a Keras 3 API (`tensorflow.keras` counts); None for `tf_keras` and
    `tensorflow.python.keras`, Keras 2 installed on purpose, which take Keras 2's arguments."""
    spelled = tracker.spelled(func, scope)
    if spelled is None or spelled.startswith(KERAS_2):
        return None
    return known.normalise(spelled)


def _method_on_model(tracker: Tracker, call: ast.Call, scope: Scope, methods) -> str | None:
    """The method name when ``call`` is `NAME.method(...)` on a value the source shows to be a Keras model."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr not in methods:
        return None
    model = tracker.value(func.value, scope)
    return func.attr if model is not None and model.kind == MODEL and not model.info.get("keras2") else None


@detects(codes.KD501, kind=LINT_CALL)
@callees(*codes.REMOVED_ARGUMENTS)
def removed_training_argument(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD501: `model.fit(x, y, nb_epoch=10)`, `fit(..., workers=4)`, `compile(..., sample_weight_mode=...)`."""
    method = _method_on_model(tracker, call, scope, codes.REMOVED_ARGUMENTS)
    if method is None:
        return
    removed = codes.REMOVED_ARGUMENTS[method]
    given = [k.arg for k in call.keywords if k.arg in removed]
    if not given:
        return
    keywords = [
        ast.keyword(arg=removed[k.arg], value=k.value) if k.arg in removed and removed[k.arg] else k
        for k in call.keywords
        if k.arg not in removed or removed[k.arg]
    ]
    fix = ast.unparse(_replaced(call, keywords=keywords))
    tracker.emit(call, codes.removed_arguments(method=method, names=given, fix=fix))


@detects(codes.KD502, kind=LINT_CALL)
@callees(*keras2.OPTIMIZERS)
def legacy_optimizer_argument(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD502: `Adam(lr=0.01)`, `SGD(lr=0.01, decay=1e-6)`, `Nadam(schedule_decay=0.004)`."""
    given = {k.arg: k.value for k in call.keywords if k.arg in keras2.OPTIMIZER_ARGUMENTS}
    if not given:
        return
    q = keras3_name(tracker, call.func, scope)
    if q is None or not q.startswith("keras.optimizers."):
        return
    decay = given.get("decay")
    if type(decay) is ast.Constant and decay.value == 0:
        del given["decay"]  # decay=0.0, Keras 2's default: a constant learning rate either way
    if not given:
        return
    name = q.rsplit(".", 1)[1]
    rate = given.get("lr") or keyword(call, "learning_rate") or (call.args[0] if call.args else None)
    keywords = [k for k in call.keywords if k.arg not in keras2.OPTIMIZER_ARGUMENTS and k.arg != "learning_rate"]
    args = call.args[1:] if call.args and "decay" in given else call.args
    imported = ""
    if "decay" in given:
        initial = ast.unparse(rate) if rate is not None else repr(keras2.DEFAULT_LEARNING_RATES.get(name, 0.001))
        optimizers = ast.unparse(call.func.value) if type(call.func) is ast.Attribute else None
        if optimizers is None:
            keras, imported = tracker.spelling("keras", scope)
            optimizers = f"{keras}.optimizers"
        schedule = ast.parse(
            f"{optimizers}.schedules.InverseTimeDecay({initial}, decay_steps=1, "
            f"decay_rate={ast.unparse(given['decay'])})",
            mode="eval",
        ).body
        keywords.insert(0, ast.keyword(arg="learning_rate", value=schedule))
    elif rate is not None and not (call.args and rate is call.args[0]):
        keywords.insert(0, ast.keyword(arg="learning_rate", value=rate))
    fix = ast.unparse(_replaced(call, args=args, keywords=keywords))
    if "decay" in given and type(call.func) is not ast.Attribute and imported:
        fix = f"{imported}\n{fix}"
    for argument_name in given:
        tracker.emit(call, codes.optimizer_argument(optimizer=name, name=argument_name, fix=fix))


@detects(codes.KD503, kind=LINT_CALL)
@callees(*codes.REMOVED_METHODS)
def removed_model_method(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD503: `model.fit_generator(...)`, `model.predict_classes(x)`, `model.predict_proba(x)`."""
    method = _method_on_model(tracker, call, scope, codes.REMOVED_METHODS)
    if method is None:
        return
    model = ast.unparse(call.func.value)
    parallel = codes.REMOVED_ARGUMENTS["fit"]
    keywords = [
        ast.keyword(arg="x", value=k.value) if k.arg == "generator" else k
        for k in call.keywords
        if k.arg not in parallel
    ]
    func = ast.Attribute(value=call.func.value, attr=codes.REMOVED_METHODS[method], ctx=ast.Load())
    replaced = ast.unparse(_replaced(call, func=func, keywords=keywords))
    if method == "predict_classes":
        fix = _classes(replaced, _parent(tracker.tree, call), call)
    else:
        fix = replaced
    tracker.emit(call, codes.removed_method(model=model, method=method, fix=fix))


@detects(codes.KD505, kind=LINT_CALL)
@callees("Embedding")
def ignored_layer_argument(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD505: `Embedding(1000, 64, input_length=10)`: Keras 3 drops input_length, the model stays unbuilt."""
    length = keyword(call, "input_length")
    if length is None or keras3_name(tracker, call.func, scope) != "keras.layers.Embedding":
        return
    without = ast.unparse(_replaced(call, keywords=[k for k in call.keywords if k.arg != "input_length"]))
    keras, imported = tracker.spelling("keras", scope)
    shape = f"{keras}.Input(shape=({ast.unparse(length)},))"
    parent = _parent(tracker.tree, call)
    if type(parent) is ast.Call and type(parent.func) is ast.Attribute and parent.func.attr == "add":
        model = ast.unparse(parent.func.value)  # model.add(Embedding(...)): add the Input first
        fix = f"{model}.add({shape})\n{model}.add({without})"
    elif type(parent) in (ast.List, ast.Tuple) and parent.elts and parent.elts[0] is call:
        fix = f"{shape},\n{without},"  # the first layer of Sequential([...])
    else:
        fix, imported = without, ""  # a functional model: its keras.Input already gives the shape
    fix = f"{imported}\n{fix}" if imported else fix
    tracker.emit(call, codes.ignored_argument(layer="Embedding", name="input_length", fix=fix))


def _classes(predict: str, parent: ast.AST | None, call: ast.Call) -> str:
    """Keras 2's Sequential.predict_classes: argmax over several outputs, `> 0.5` for one (sigmoid) unit. The
    same choice in the fix, so a one-unit model does not silently become argmax of a single column (all 0).
    `classes = model.predict_classes(x)` becomes two statements; anywhere else one expression."""
    pick = 'proba.argmax(axis=-1) if proba.shape[-1] > 1 else (proba > 0.5).astype("int32")'
    if type(parent) is ast.Assign and parent.value is call and len(parent.targets) == 1:
        return f"proba = {predict}\n{ast.unparse(parent.targets[0])} = {pick}"
    return pick.replace("proba.shape", f"(proba := {predict}).shape", 1).join("()")


def _parent(tree: ast.AST, node: ast.AST) -> ast.AST | None:
    """The node directly containing ``node`` (a walk of the file; called only for a finding)."""
    for candidate in ast.walk(tree):
        for child in ast.iter_child_nodes(candidate):
            if child is node:
                return candidate
    return None


@detects(codes.KD506, kind=LINT_CALL)
@callees("ModelCheckpoint", "save_model", "save", "save_weights")
def refused_save_path(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD506: a literal path `ModelCheckpoint`, `model.save`, `save_model` or `model.save_weights` refuses."""
    q = keras3_name(tracker, call.func, scope)
    if q == "keras.callbacks.ModelCheckpoint":
        weights = argument(call, 4, "save_weights_only")
        if weights is not None and type(weights) is not ast.Constant:
            return  # decided at runtime
        if weights is not None and weights.value:
            _check_path(call, argument(call, 0, "filepath"), (".weights.h5",), ".weights.h5", tracker)
        else:
            _check_path(call, argument(call, 0, "filepath"), (".keras", ".h5"), ".keras", tracker)
        return
    if q in ("keras.models.save_model", "keras.saving.save_model"):
        _check_path(call, argument(call, 1, "filepath"), (".keras", ".h5", ".hdf5"), ".keras", tracker)
        return
    method = _method_on_model(tracker, call, scope, ("save", "save_weights"))
    if method == "save":
        _check_path(call, argument(call, 0, "filepath"), (".keras", ".h5", ".hdf5"), ".keras", tracker)
    elif method == "save_weights":
        if not _check_path(call, argument(call, 0, "filepath"), (".weights.h5",), ".weights.h5", tracker):
            if keyword(call, "save_format") is not None:  # Keras 3's save_weights has no save_format: TypeError
                fix = _replaced(call, keywords=[k for k in call.keywords if k.arg != "save_format"])
                tracker.emit(call, codes.removed_save_format(call=_short(call), fix=ast.unparse(fix)))


_OLD_EXTENSIONS = (".weights.h5", ".hdf5", ".h5", ".ckpt", ".tf", ".pb", ".keras", ".weights")


def _check_path(call: ast.Call, node: ast.AST | None, allowed: tuple, extension: str, tracker: Tracker) -> bool:
    """Emit KD506 when ``node`` is a literal path without an allowed ending; True when it did."""
    literal = _literal_tail(node)
    if literal is None or literal.value.endswith(allowed) or literal.value.startswith("hf://"):
        return False
    path = literal.value
    if path.endswith(("/", "\\")):
        fixed = path + "model" + extension
    else:
        stem = next((path[: -len(old)] for old in _OLD_EXTENSIONS if path.endswith(old)), path)
        fixed = stem + extension
    fixed_call = _replaced(call, keywords=[k for k in call.keywords if k.arg != "save_format"])
    literal.value = fixed  # unparsed with the new path, then put back: the tree is the file's
    try:
        text = ast.unparse(fixed_call)
    finally:
        literal.value = path
    needs = {
        ".weights.h5": "weights files must end in `.weights.h5`",
        ".keras": "a model file must end in `.keras` (or the legacy `.h5`); `model.export()` writes a SavedModel",
    }[extension]
    tracker.emit(call, codes.refused_path(call=_short(call), path=path, needs=needs, fix=text))
    return True


def _literal_tail(node: ast.AST | None) -> ast.Constant | None:
    """The string constant a path ends with: "w.h5", f"{d}/w.h5", "w.{}.h5".format(n), os.path.join(d, "w.h5")."""
    kind = type(node)
    if kind is ast.Constant:
        return node if isinstance(node.value, str) else None
    if kind is ast.JoinedStr and node.values:
        return _literal_tail(node.values[-1])
    if kind is ast.Call and type(node.func) is ast.Attribute:
        if node.func.attr == "format":
            return _literal_tail(node.func.value)
        if node.func.attr == "join" and node.args and ast.unparse(node.func.value) in ("os.path", "path"):
            return _literal_tail(node.args[-1])
    return None


def _short(call: ast.Call, limit: int = 70) -> str:
    text = ast.unparse(call)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@detects(codes.KD508, kind=LINT_CALL)
@callees(*keras2.LAYER_SIZES)
def non_integer_layer_size(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD508: `Dense(n / 2)`, `Dense(64.0)`, `Dense(np.max(y) + 1)`: Keras 3 takes Python ints only."""
    if not (call.args or call.keywords):
        return
    q = keras3_name(tracker, call.func, scope)
    if q is None or not q.startswith("keras.layers."):
        return
    layer = q.rsplit(".", 1)[1]
    for position, name, refuses_numpy in keras2.LAYER_SIZES.get(layer, ()):
        node = argument(call, position, name)
        kind = _size_kind(tracker, node, scope)
        if kind is None or (kind == NUMPY_SCALAR and not refuses_numpy):
            continue
        fixed = _as_int(node)
        args = [fixed if a is node else a for a in call.args]
        keywords = [ast.keyword(arg=k.arg, value=fixed) if k.value is node else k for k in call.keywords]
        tracker.emit(
            call,
            codes.non_integer_size(
                layer=layer,
                argument=name,
                value=ast.unparse(node),
                kind="a float" if kind == FLOAT else "a NumPy scalar",
                fix=ast.unparse(_replaced(call, args=args, keywords=keywords)),
            ),
        )


def _size_kind(tracker: Tracker, node: ast.AST | None, scope: Scope) -> str | None:
    if node is None:
        return None
    value = tracker.value(node, scope)
    return value.kind if value is not None and value.kind in (FLOAT, NUMPY_SCALAR) else None


def _as_int(node: ast.AST) -> ast.AST:
    """`64.0` -> `64`, anything else -> `int(...)`: the size Keras 2 used (it applied int())."""
    if type(node) is ast.Constant and type(node.value) is float and node.value.is_integer():
        return ast.Constant(int(node.value))
    return ast.Call(func=ast.Name(id="int", ctx=ast.Load()), args=[node], keywords=[])
