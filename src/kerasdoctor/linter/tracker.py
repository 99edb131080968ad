"""Which names hold datasets, models, scikeras estimators: a small scope-aware tracker.

The tracker walks a module statement by statement, in order, keeping for each
scope what every name is bound to, as far as the source shows it plainly: an
import alias (a qualified name), or a `Value` of a known kind. Anything else
binds the name to None ("unknown"), which shadows what an outer scope knew.
Branches are walked in order, so the last binding wins; that is enough for
the rules, which stay silent whenever a value is unknown.

Rules hook in through `on_call` (every call, in every scope),
`on_expression_statement` (a call whose result is thrown away), `on_import`
and `on_attribute` (an attribute whose name is in `watched`, such as `np.float`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from ..findings import Finding
from . import keras2, known
from .facts import LEAF_TYPES, FileFacts, children

DATASET, MODEL, ESTIMATOR, GENERATOR = "dataset", "model", "estimator", "generator"
KERAS_WRAPPER, SEARCH = "keras-wrapper", "search"  # keras.wrappers.SKLearn*; a scikit-learn search
ONEHOT, INTLABELS, GRID, FUNCTION, MODEL_CLASS, TUPLE = (
    "onehot",
    "intlabels",
    "grid",
    "function",
    "model-class",
    "tuple",
)
ARRAY, NUMPY_SCALAR, FLOAT = "array", "numpy-scalar", "float"  # NumPy arrays and scalars, Python floats
_ARRAYS = frozenset({ONEHOT, INTLABELS, ARRAY})
KERAS_2 = ("tf_keras", "tensorflow.python.keras")  # Keras 2 packages still installed, not Keras 3
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod, ast.Pow)

# Expressions with their own scope: names inside may not be the outer ones.
_OWN_SCOPE = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_OWN_SCOPE_TYPES = frozenset(_OWN_SCOPE)


class Value:
    """What the source shows an expression to be: its kind (DATASET, MODEL, ...) and what else it tells."""

    __slots__ = ("kind", "origin", "node", "info")

    def __init__(self, kind: str, origin: str = "", node: ast.AST | None = None, info: dict | None = None):
        self.kind = kind
        self.origin = origin  # models: "constructed", "loaded", "returned"
        self.node = node  # the dict literal of a grid, the def of a function, ...
        self.info = {} if info is None else info


class ModelClass:
    """A class in the file deriving from keras.Model."""

    __slots__ = ("name", "compiles", "overrides_fit")

    def __init__(self, name: str, compiles: bool = False, overrides_fit: bool = False):
        self.name = name
        self.compiles = compiles  # defines compile() or calls self.compile()
        self.overrides_fit = overrides_fit


class Scope:
    __slots__ = ("names", "parent")

    def __init__(self, parent: Scope | None = None):
        self.names: dict[str, object] = {}  # an import's qualified name (str), a Value, or None
        self.parent = parent

    def lookup(self, name: str):
        scope = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None


class Tracker:
    def __init__(
        self,
        tree: ast.Module,
        on_call: Callable,
        on_expression_statement: Callable,
        on_import: Callable,
        on_attribute: Callable | None = None,
        watched: frozenset[str] = frozenset(),
    ):
        self.tree = tree
        self.facts = FileFacts(tree)
        self._on_call = on_call
        self._on_expression_statement = on_expression_statement
        self._on_import = on_import
        self._on_attribute = on_attribute
        self._watched = watched if on_attribute is not None else frozenset()
        self._spelled_node: ast.AST | None = None
        self._spelled: str | None = None
        self._returns: list[list] = []
        self._yields: list[bool] = []  # per function being walked: does it yield?
        self.found: list[tuple[ast.AST, Finding]] = []  # (where, the finding without its place)
        self.displayed: set[int] = set()  # notebook cells' last expressions, which Jupyter shows

    def emit(self, node: ast.AST, finding: Finding) -> None:
        """Record a finding at a node; the engine places it (path, line, column, notebook cell)."""
        self.found.append((node, finding))

    def run(self) -> None:
        self.block(self.tree.body, Scope())

    # ---- names ---------------------------------------------------------------
    def qualname(self, node: ast.AST, scope: Scope) -> str | None:
        """`tf.data.Dataset.range` -> 'tensorflow.data.Dataset.range', through import aliases."""
        spelled = self.spelled(node, scope)
        return None if spelled is None else known.normalise(spelled)

    def spelled(self, node: ast.AST, scope: Scope) -> str | None:
        """The qualified name as imported, before `known.normalise` (`tensorflow.keras.backend.sum`)."""
        if node is self._spelled_node:  # the rules on one call all ask about its func: resolved once
            return self._spelled
        self._spelled_node, self._spelled = node, self._spell(node, scope)
        return self._spelled

    def _spell(self, node: ast.AST, scope: Scope) -> str | None:
        parts = []
        while type(node) is ast.Attribute:
            parts.append(node.attr)
            node = node.value
        if type(node) is not ast.Name:
            return None
        base = scope.lookup(node.id)
        if not isinstance(base, str):
            return None
        parts.append(base)
        return ".".join(reversed(parts))

    def spelling(self, module: str, scope: Scope) -> tuple[str, str]:
        """(how the file can name ``module`` here, an import line to add or ""): `np` for numpy after
        `import numpy as np`, `tf.keras` for keras after `import tensorflow as tf`; for a fix to paste."""
        names = {}
        while scope is not None:
            for name, bound in scope.names.items():
                names.setdefault(name, bound)
            scope = scope.parent
        for name, bound in names.items():
            if bound == module:
                return name, ""
        if module == "keras":
            for name, bound in names.items():
                if bound == "tensorflow":
                    return f"{name}.keras", ""
        return module, f"import {module}"

    def value(self, node: ast.AST | None, scope: Scope) -> Value | None:
        """The kind of value an expression evaluates to, when the source shows it."""
        kind = type(node)
        if kind is ast.Name:
            bound = scope.lookup(node.id)
            return bound if isinstance(bound, Value) else None
        if kind is ast.Dict:
            return Value(GRID, node=node)
        if kind is ast.List and node.elts and all(type(e) is ast.Dict for e in node.elts):
            return Value(GRID, node=node)
        if kind is ast.Constant:
            return Value(FLOAT) if type(node.value) is float else None
        if kind is ast.BinOp:
            return self._arithmetic(node, scope, 3)
        if kind is not ast.Call:
            return None
        func = node.func
        if type(func) is ast.Attribute and func.attr in known.TRANSFORMATIONS:
            receiver = self.value(func.value, scope)
            if receiver is not None and receiver.kind == DATASET:
                # the transformations the source shows, in order (what the value was built with before is unknown)
                return Value(DATASET, node=node, info={"ops": (*receiver.info.get("ops", ()), func.attr)})
        if type(func) is ast.Attribute and func.attr in keras2.NUMPY_SCALAR_METHODS and not node.args:
            receiver = self.value(func.value, scope)  # y_train.max(): a NumPy scalar (no axis: a reduction)
            if receiver is not None and receiver.kind in _ARRAYS and not node.keywords:
                return Value(NUMPY_SCALAR)
        q = self.qualname(func, scope)
        if q is not None:
            value = self._call_of(q, node, scope)
            if value is not None and value.kind == MODEL and self.spelled(func, scope).startswith(KERAS_2):
                value.info["keras2"] = True  # tf_keras, TensorFlow's internal Keras 2: Keras 2's API on purpose
            return value
        if type(func) is ast.Name:
            callee = scope.lookup(func.id)
            if isinstance(callee, Value):
                if callee.kind == FUNCTION:
                    if callee.info.get("generator"):
                        return Value(GENERATOR)
                    returned = callee.info.get("returns")
                    if returned is not None and returned.kind == MODEL:
                        return Value(MODEL, origin="returned")
                    return returned if returned is not None and returned.kind == DATASET else None
                if callee.kind == MODEL_CLASS:
                    return Value(MODEL, origin="constructed", info={"class": callee.info["class"]})
        return None

    def _arithmetic(self, node: ast.BinOp, scope: Scope, depth: int) -> Value | None:
        """`n / 2` is a float; a NumPy scalar or a float in `+ - * // % **` keeps its kind (NumPy's wins)."""
        op = type(node.op)
        if op is ast.Div:
            return Value(FLOAT)
        if op not in _ARITHMETIC or depth == 0:
            return None
        kinds = set()
        for side in (node.left, node.right):
            value = self._arithmetic(side, scope, depth - 1) if type(side) is ast.BinOp else self.value(side, scope)
            if value is not None:
                kinds.add(value.kind)
        if NUMPY_SCALAR in kinds:
            return Value(NUMPY_SCALAR)
        return Value(FLOAT) if FLOAT in kinds else None

    def _call_of(self, q: str, call: ast.Call, scope: Scope) -> Value | None:
        if known.is_dataset_constructor(q):
            subset = keyword(call, "subset")
            if type(subset) is ast.Constant and subset.value == "both":
                return Value(TUPLE, info={"items": [Value(DATASET), Value(DATASET)]})
            return Value(DATASET)
        if q == known.TFDS_LOAD:
            return _tfds_load(call)
        if known.is_model_constructor(q):
            return Value(MODEL, origin="constructed")
        if q in known.LOAD_MODEL or q in known.CLONE_MODEL:
            return Value(MODEL, origin="loaded")
        if q in known.SCIKERAS_WRAPPERS or q in known.LEGACY_WRAPPERS:
            return Value(
                ESTIMATOR, node=call, info={"wrapper": q.rsplit(".", 1)[1], "legacy": q in known.LEGACY_WRAPPERS}
            )
        if q in known.KERAS_WRAPPERS:
            return Value(KERAS_WRAPPER, node=call, info={"wrapper": q.rsplit(".", 1)[1]})
        if q in known.SEARCHES:  # what it searches over and with which grid, as bound where it is made
            estimator = self.value(argument(call, 0, "estimator"), scope)
            grid = self.value(argument(call, 1, "param_grid" if "Grid" in q else "param_distributions"), scope)
            return Value(SEARCH, node=call, info={"estimator": estimator, "grid": grid})
        if q in known.ONE_HOT:
            return Value(ONEHOT)
        if q in keras2.NUMPY_SCALAR_FUNCTIONS and len(call.args) == 1 and not call.keywords:
            return Value(NUMPY_SCALAR)  # np.max(y), np.argmax(y): over the whole array, one value
        if q in known.ARGMAX:
            return Value(INTLABELS)
        if q in keras2.NUMPY_ARRAY_FUNCTIONS:
            return Value(ARRAY)
        if known.is_integer_label_loader(q):
            pair = lambda: Value(TUPLE, info={"items": [None, Value(INTLABELS)]})  # noqa: E731
            return Value(TUPLE, info={"items": [pair(), pair()]})
        return None

    def bind(self, target: ast.AST, value: Value | None, source: ast.AST | None, scope: Scope) -> None:
        kind = type(target)
        if kind is ast.Name:
            scope.names[target.id] = value
        elif kind is ast.Tuple or kind is ast.List:
            elts = target.elts
            if type(source) in (ast.Tuple, ast.List) and len(source.elts) == len(elts):
                for t, s in zip(elts, source.elts):
                    self.bind(t, self.value(s, scope), s, scope)
            elif (
                value is not None
                and value.kind == TUPLE
                and len(value.info["items"]) == len(elts)
                and not any(type(e) is ast.Starred for e in elts)
            ):
                for t, item in zip(elts, value.info["items"]):
                    self.bind(t, item, None, scope)
            else:
                for t in elts:
                    self.bind(t, None, None, scope)
        elif kind is ast.Starred:
            self.bind(target.value, None, None, scope)

    def forget(self, target: ast.AST, scope: Scope) -> None:
        for node in ast.walk(target):
            if type(node) is ast.Name:
                scope.names[node.id] = None

    # ---- statements ------------------------------------------------------------
    def block(self, body: list[ast.stmt], scope: Scope) -> None:
        for statement in body:
            self.statement(statement, scope)

    def scan(self, node: ast.AST | None, scope: Scope) -> None:
        """Run the call rules on every call in an expression (not inside lambdas and
        comprehensions, whose names are their own), bind walrus targets, note yields."""
        if node is None or type(node) in LEAF_TYPES:
            return
        calls, walruses = [], []
        stack = [node]
        while stack:
            n = stack.pop()
            kind = type(n)
            if kind in _OWN_SCOPE_TYPES:
                continue
            if kind is ast.Call:
                calls.append(n)
            elif kind is ast.Attribute and n.attr in self._watched:
                self._on_attribute(self, n, scope)
            elif kind is ast.NamedExpr:
                walruses.append(n)
            elif (kind is ast.Yield or kind is ast.YieldFrom) and self._yields:
                self._yields[-1] = True
            stack.extend(children(n))
        for call in reversed(calls):
            self._on_call(self, call, scope)
        for n in walruses:
            self.bind(n.target, self.value(n.value, scope), n.value, scope)

    def statement(self, s: ast.stmt, scope: Scope) -> None:
        kind = type(s)
        if kind is ast.Assign:
            self.scan(s.value, scope)
            value = self.value(s.value, scope)
            for target in s.targets:
                self.bind(target, value, s.value, scope)
        elif kind is ast.Expr:
            self.scan(s.value, scope)
            if type(s.value) is ast.Call:
                self._on_expression_statement(self, s.value, scope)
        elif kind is ast.AnnAssign:
            self.scan(s.value, scope)
            if s.value is not None:
                self.bind(s.target, self.value(s.value, scope), s.value, scope)
        elif kind is ast.AugAssign:
            self.scan(s.value, scope)
            self.forget(s.target, scope)
        elif kind is ast.Import or kind is ast.ImportFrom:
            self._import(s, scope)
            self._on_import(self, s, scope)
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            scope.names[s.name] = self._function(s, scope)
        elif kind is ast.ClassDef:
            scope.names[s.name] = self._class(s, scope)
        elif kind is ast.Return:
            self.scan(s.value, scope)
            if self._returns:
                self._returns[-1].append(self.value(s.value, scope) if s.value is not None else None)
        elif kind is ast.For or kind is ast.AsyncFor:
            self.scan(s.iter, scope)
            self.forget(s.target, scope)
            self.block(s.body, scope)
            self.block(s.orelse, scope)
        elif kind is ast.With or kind is ast.AsyncWith:
            for item in s.items:
                self.scan(item.context_expr, scope)
                if item.optional_vars is not None:
                    self.forget(item.optional_vars, scope)
            self.block(s.body, scope)
        elif kind is ast.Delete:
            for target in s.targets:
                self.forget(target, scope)
        else:
            self._generic(s, scope)

    def _generic(self, node: ast.AST, scope: Scope) -> None:
        """If, While, Try, Match, Raise, Assert, ...: expressions scanned, bodies walked in order."""
        for _, child in ast.iter_fields(node):
            if isinstance(child, list):
                for item in child:
                    if isinstance(item, ast.stmt):
                        self.statement(item, scope)
                    elif isinstance(item, ast.expr):
                        self.scan(item, scope)
                    elif isinstance(item, ast.AST):
                        if type(item) is ast.ExceptHandler and item.name:
                            scope.names[item.name] = None
                        self._generic(item, scope)
            elif isinstance(child, ast.expr):
                self.scan(child, scope)
            elif isinstance(child, ast.AST) and not isinstance(child, (ast.expr_context, ast.pattern)):
                self._generic(child, scope)

    def _import(self, s: ast.Import | ast.ImportFrom, scope: Scope) -> None:
        if type(s) is ast.Import:
            for alias in s.names:
                if alias.asname:
                    scope.names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    scope.names[top] = top
            return
        module = s.module if not s.level else None
        for alias in s.names:
            if alias.name == "*":
                continue
            scope.names[alias.asname or alias.name] = f"{module}.{alias.name}" if module else None

    def _function(self, s: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> Value:
        for expr in [*s.decorator_list, *s.args.defaults, *s.args.kw_defaults]:
            self.scan(expr, scope)
        inner = Scope(scope)
        args = s.args
        params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
        for name in params:
            inner.names[name] = None
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                inner.names[extra.arg] = None
        self._returns.append([])
        self._yields.append(False)
        self.block(s.body, inner)
        returns = self._returns.pop()
        generator = self._yields.pop()
        returned = None
        if returns and all(r is not None and r.kind == returns[0].kind for r in returns):
            returned = returns[0]
        return Value(FUNCTION, node=s, info={"returns": returned, "params": params, "generator": generator})

    def _class(self, s: ast.ClassDef, scope: Scope) -> Value | None:
        for expr in [*s.decorator_list, *s.bases, *(k.value for k in s.keywords)]:
            self.scan(expr, scope)
        parent_classes = []
        is_model = False
        for base in s.bases:
            q = self.qualname(base, scope)
            if q is not None and known.is_model_class(q):
                is_model = True
            bound = scope.lookup(base.id) if type(base) is ast.Name else None
            if isinstance(bound, Value) and bound.kind == MODEL_CLASS:
                is_model = True
                parent_classes.append(bound.info["class"])
        info = ModelClass(
            s.name,
            compiles=any(p.compiles for p in parent_classes),
            overrides_fit=any(p.overrides_fit for p in parent_classes),
        )
        # Methods see the enclosing scope, not the class body (Python's rule).
        self._returns.append([])
        for statement in s.body:
            if type(statement) in (ast.FunctionDef, ast.AsyncFunctionDef):
                if statement.name == "compile":
                    info.compiles = True
                if statement.name == "fit":
                    info.overrides_fit = True
                self._function(statement, scope)
            else:
                self.statement(statement, Scope(scope))
        self._returns.pop()
        for node in ast.walk(s):
            if type(node) is ast.Attribute and node.attr == "compile":
                info.compiles = True
        return Value(MODEL_CLASS, node=s, info={"class": info}) if is_model else None


def callees(*names: str):
    """Decorator of a LINT_CALL rule: it can fire only on calls of these names (`fit`, `Dense`), as imported
    or as attributes; the engine runs it on those calls only (a rule without it runs on every call)."""

    def mark(rule):
        rule.callees = frozenset(names)
        return rule

    return mark


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The argument given as ``name=``, or None."""
    for given in call.keywords:
        if given.arg == name:
            return given.value
    return None


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """The argument given by position or keyword, or None."""
    args = call.args
    if len(args) > position and not any(type(a) is ast.Starred for a in args[: position + 1]):
        return args[position]
    return keyword(call, name)


def _tfds_load(call: ast.Call) -> Value | None:
    """tfds.load: a dataset for one split given as a string; (datasets, info) with with_info=True."""
    split = keyword(call, "split")
    with_info = keyword(call, "with_info")
    if type(split) is ast.Constant and isinstance(split.value, str):
        result = Value(DATASET)
    elif type(split) is ast.List and all(type(e) is ast.Constant for e in split.elts):
        result = Value(TUPLE, info={"items": [Value(DATASET) for _ in split.elts]})
    else:
        return None
    if type(with_info) is ast.Constant and with_info.value is True:
        return Value(TUPLE, info={"items": [result, None]})
    return result if with_info is None or (type(with_info) is ast.Constant and not with_info.value) else None
