"""Lint rules on tf.data pipelines: KD102 (a discarded transformation), KD106 (batch_size ignored)."""

from __future__ import annotations

import ast

from ..codes import data as codes
from ..codes.registry import LINT_CALL, LINT_STATEMENT, detects
from . import known
from .tracker import DATASET, GENERATOR, Scope, Tracker, argument, callees, keyword


def short(node: ast.AST, limit: int = 80) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@detects(codes.KD102, kind=LINT_STATEMENT)
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
        return  # `ds.take(1)` ending a notebook cell: shown, so used (inspection); a batch() there is not
    receiver = ast.unparse(node) if type(node) in (ast.Name, ast.Attribute) else None
    tracker.emit(
        call,
        codes.discarded_transformation(
            source=short(call),
            call=ast.unparse(call),
            receiver=receiver,
            batching=batching,
            unbatched=any(m in known.ADDS_BATCH_AXIS for m in methods),
        ),
    )


@detects(codes.KD106, kind=LINT_CALL)
@callees("fit")
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
    without = ast.Call(func=call.func, args=call.args, keywords=[k for k in call.keywords if k.arg != "batch_size"])
    tracker.emit(
        call,
        codes.batch_size_ignored_in_source(
            batch_size=ast.unparse(batch_size),
            x=ast.unparse(x),
            dataset=value.kind == DATASET,
            call_without=ast.unparse(without),
            name=x.id if type(x) is ast.Name else None,
        ),
    )
