"""Where a build function compiles and ends, read from its source with `ast` (never called).

A Keras scikit-learn wrapper builds a new model for every fit by calling the
user's build function. Calling it ourselves would draw from the random
generators a seeded program relies on (every initializer takes a seed from
Python's `random`) and run the user's code once more, so the function is
read instead: its parameters, its last ``compile(...)`` call and that call's
loss, and its output layer when the last layer it constructs is a ``Dense``.
What the expressions found there evaluate to is the caller's business: the
runtime checks look the names up in the function's defaults, ``model_kwargs``
and globals; the linter in the source. Pure `ast`: the linter imports this.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

# Layers after the output Dense that keep its width: the Dense is still the output layer.
_WIDTH_KEEPING = {"Activation", "Softmax", "Dropout", "GaussianDropout", "AlphaDropout", "ActivityRegularization"}
# Capitalised callables that build no layer.
_NOT_LAYERS = {"Sequential", "Model", "Input", "InputLayer"}
_NOT_LAYER_MODULES = {"optimizers", "losses", "metrics", "callbacks", "initializers", "regularizers", "constraints"}
# A loss (and its metrics) for integer class ids or one 0/1 column, respelt for one-hot targets.
_FOR_ONEHOT = {
    "sparse": (("sparse_categorical_", "categorical_"), ("SparseCategorical", "Categorical")),
    "binary": (
        ("binary_crossentropy", "categorical_crossentropy"),
        ("BinaryCrossentropy", "CategoricalCrossentropy"),
        ("binary_accuracy", "categorical_accuracy"),
        ("BinaryAccuracy", "CategoricalAccuracy"),
    ),
}


def _dotted(node: ast.AST) -> list[str]:
    """`keras.layers.Dense` -> ["keras", "layers", "Dense"]; [] for anything else."""
    parts = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return []
    return [node.id, *reversed(parts)]


def _is_layer_call(call: ast.Call) -> bool:
    parts = _dotted(call.func)
    if not parts or not parts[-1][:1].isupper() or parts[-1] in _NOT_LAYERS:
        return False
    return not (_NOT_LAYER_MODULES & set(parts[:-1]))


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if len(call.args) > position and not any(type(a) is ast.Starred for a in call.args[: position + 1]):
        return call.args[position]
    return None


def _calls_in_order(function: ast.FunctionDef) -> list[ast.Call]:
    """The calls of the function body in source order, not those of nested functions or classes."""
    calls, stack = [], list(reversed(function.body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if type(node) is ast.Call:
            calls.append(node)
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return sorted(calls, key=lambda c: (c.lineno, c.col_offset))


@dataclass
class BuildSource:
    """The parts of a build function that decide what the wrapper can hand it."""

    function: ast.FunctionDef
    params: list[str]
    defaults: dict[str, ast.expr] = field(default_factory=dict)
    var_keyword: bool = False  # **kwargs: takes any keyword
    compile_call: ast.Call | None = None  # the last `.compile(...)`
    loss: ast.expr | None = None  # its loss (keyword, or the second positional)
    output: ast.Call | None = None  # the output Dense: the last layer constructed, or followed by width keepers
    units: ast.expr | None = None
    activation: str | None = None  # the output Dense's activation= when written as a string

    @property
    def name(self) -> str:
        return self.function.name

    def takes(self, keyword: str) -> bool:
        return self.var_keyword or keyword in self.params

    def assigned(self, name: str) -> ast.expr | None:
        """The value of ``name = <expr>`` when the function assigns that name exactly once."""
        values = [
            node.value
            for node in ast.walk(self.function)
            if type(node) is ast.Assign and any(type(t) is ast.Name and t.id == name for t in node.targets)
        ]
        return values[0] if len(values) == 1 else None

    def units_follow_y(self) -> bool:
        """The output width is ``y.shape[1]`` (or ``[-1]``): one unit per column of the y it is handed."""
        node = self.units
        if type(node) is not ast.Subscript or _dotted(node.value) != ["y", "shape"]:
            return False
        index = node.slice
        if type(index) is ast.UnaryOp and type(index.op) is ast.USub and type(index.operand) is ast.Constant:
            return index.operand.value == 1
        return type(index) is ast.Constant and index.value == 1

    # ---- the fixes, as code --------------------------------------------------------
    def signature_with_xy(self) -> str:
        """``def build(X, y, units=16):``: the def line taking the X and y the wrapper passes by keyword."""
        args = self.function.args
        names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        missing = [ast.arg(arg=n) for n in ("X", "y") if n not in names]
        fixed = ast.arguments(
            posonlyargs=args.posonlyargs,
            args=[*missing, *args.args],
            vararg=args.vararg,
            kwonlyargs=args.kwonlyargs,
            kw_defaults=args.kw_defaults,
            kwarg=args.kwarg,
            defaults=args.defaults,
        )
        return f"def {self.name}({ast.unparse(fixed)}):"

    def compile_for_onehot(self, family: str) -> str | None:
        """The compile call with its ``family`` ("sparse" or "binary") loss and metrics respelt for
        one-hot targets, or None without a compile call."""
        if self.compile_call is None:
            return None
        return respell_for_onehot(ast.unparse(self.compile_call), family)

    def output_for_onehot(self) -> str | None:
        """The output Dense with one unit per one-hot column (``y.shape[1]``) and a softmax, or None."""
        if self.output is None:
            return None
        call = self.output
        units = ast.parse("y.shape[1]", mode="eval").body
        keywords = [k for k in call.keywords if k.arg != "units"]
        args = list(call.args)
        if args and type(args[0]) is not ast.Starred:
            args[0] = units
        else:
            keywords.insert(0, ast.keyword(arg="units", value=units))
        if self.activation == "sigmoid":
            keywords = [k for k in keywords if k.arg != "activation"]
            keywords.append(ast.keyword(arg="activation", value=ast.Constant("softmax")))
        return ast.unparse(ast.Call(func=call.func, args=args, keywords=keywords))


def respell_for_onehot(text: str, family: str) -> str:
    """Code naming a ``family`` ("sparse" or "binary") loss or metric, respelt for one-hot targets."""
    for old, new in _FOR_ONEHOT[family]:
        text = text.replace(old, new)
    return text


def read_build(function: ast.FunctionDef | ast.AsyncFunctionDef) -> BuildSource:
    """What a build function's source shows: parameters, last compile and its loss, output Dense."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    params = [a.arg for a in (*positional, *args.kwonlyargs)]
    defaults = dict(zip([a.arg for a in positional][len(positional) - len(args.defaults) :], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    source = BuildSource(function, params, defaults, var_keyword=args.kwarg is not None)
    calls = _calls_in_order(function)
    compiles = [c for c in calls if type(c.func) is ast.Attribute and c.func.attr == "compile"]
    if compiles:
        source.compile_call = compiles[-1]
        source.loss = _argument(compiles[-1], 1, "loss")
    layers = [c for c in calls if _is_layer_call(c)]
    while layers and _dotted(layers[-1].func)[-1] in _WIDTH_KEEPING:
        layers.pop()
    if layers and _dotted(layers[-1].func)[-1] == "Dense":
        source.output = layers[-1]
        source.units = _argument(layers[-1], 0, "units")
        activation = _argument(layers[-1], 1, "activation")
        if type(activation) is ast.Constant and isinstance(activation.value, str):
            source.activation = activation.value
    return source


def loss_spelling(node: ast.expr | None) -> tuple[str | None, bool]:
    """(the name a loss expression spells, from_logits) as written: ``"sparse_categorical_crossentropy"``,
    ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)`` -> ("SparseCategoricalCrossentropy",
    True). A bare name (a variable) is returned as its name; the caller decides what it holds."""
    from_logits = False
    if type(node) is ast.Call:
        for keyword in node.keywords:
            if keyword.arg == "from_logits" and type(keyword.value) is ast.Constant:
                from_logits = bool(keyword.value.value)
        node = node.func
    if type(node) is ast.Constant and isinstance(node.value, str):
        return node.value, from_logits
    parts = _dotted(node) if node is not None else []
    return (parts[-1] if parts else None), from_logits
