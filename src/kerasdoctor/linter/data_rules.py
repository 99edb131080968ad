"""Lint rules on tf.data pipelines: KD102 (a discarded transformation), KD106 (batch_size ignored)."""

from __future__ import annotations

import ast

from . import known
from .tracker import DATASET, GENERATOR, Scope, Tracker, argument, keyword


def short(node: ast.AST, limit: int = 80) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def discarded_transformation(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD102: `ds.batch(32)` as a statement of its own, on a value known to be a dataset.

    tf.data.Dataset transformations return a new dataset and never change the
    receiver (tf.data datasets are immutable), so the statement does nothing.
    """
    methods = []
    node: ast.AST = call
    while type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in known.TRANSFORMATIONS:
        methods.append(node.func.attr)
        node = node.func.value
    if not methods:
        return
    root = tracker.value(node, scope)
    if root is None or root.kind != DATASET:
        return
    batching = any(m in known.BATCHING for m in methods)
    if not batching and call.lineno in tracker.displayed:
        return      # `ds.take(1)` ending a notebook cell: shown, so used (inspection); a batch() there is not
    source = short(call)
    if type(node) in (ast.Name, ast.Attribute):
        name = ast.unparse(node)
        state = "still unbatched" if any(m in known.ADDS_BATCH_AXIS for m in methods) else "unchanged"
        message = (f"result of `{source}` is discarded; tf.data datasets are immutable, "
                   f"so `{name}` is {state}")
        fix = f"{name} = {ast.unparse(call)}"
    else:
        message = (f"result of `{source}` is discarded; tf.data datasets are immutable, "
                   f"so this statement has no effect")
        fix = f"ds = {ast.unparse(call)}"
    tracker.emit("KD102", call, message, fix, None if batching else "warning")


def batch_size_ignored(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD106: `fit(ds, batch_size=N)` with a dataset or a generator: Keras ignores batch_size."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "fit":
        return
    batch_size = keyword(call, "batch_size")
    if batch_size is None or (type(batch_size) is ast.Constant and batch_size.value is None):
        return
    x = argument(call, 0, "x")
    value = tracker.value(x, scope)
    if value is None or value.kind not in (DATASET, GENERATOR):
        return
    what = "a tf.data dataset" if value.kind == DATASET else "a generator"
    without = ast.Call(func=call.func, args=call.args,
                       keywords=[k for k in call.keywords if k.arg != "batch_size"])
    fix = ast.unparse(without)
    if value.kind == DATASET and type(x) is ast.Name:
        fix = f"{x.id} = {x.id}.batch({ast.unparse(batch_size)})   # unless it is batched already\n{fix}"
    tracker.emit("KD106", call,
                 f"`batch_size={ast.unparse(batch_size)}` is ignored: `{ast.unparse(x)}` is {what}, "
                 f"which makes its own batches", fix)
