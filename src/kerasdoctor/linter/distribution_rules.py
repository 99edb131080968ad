"""Lint rules on training with tf.distribute: KD602 (a per-replica batch size given as the global one).

Keras takes `fit(batch_size=...)` and a dataset's `batch()` as the global batch, all replicas together
(tf.distribute splits each batch between them). A size the source names per replica
(`BATCH_SIZE_PER_REPLICA`, `per_replica_batch`) given there, not multiplied by
`strategy.num_replicas_in_sync`, trains each replica on a fraction of it. Inside a function handed to
`distribute_datasets_from_function`, batching per replica is right, and is not reported.
"""

from __future__ import annotations

import ast
import re

from ..codes import distribution as codes
from ..codes.registry import LINT_CALL, detects
from .tracker import DATASET, Scope, Tracker, argument, callees, keyword

PER_REPLICA = re.compile(r"per_?replica", re.IGNORECASE)
_LAST: list = [None, None]  # the last tree looked at, and its places (one file is linted at a time)


@detects(codes.KD602, kind=LINT_CALL)
@callees("fit", "batch")
def per_replica_batch_size(tracker: Tracker, call: ast.Call, scope: Scope) -> None:
    """KD602: `fit(..., batch_size=BATCH_SIZE_PER_REPLICA)` or `ds.batch(BATCH_SIZE_PER_REPLICA)`."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr not in ("fit", "batch"):
        return
    size = keyword(call, "batch_size") if func.attr == "fit" else argument(call, 0, "batch_size")
    if size is None:
        return
    text = ast.unparse(size)
    if not PER_REPLICA.search(text) or "num_replicas_in_sync" in text:
        return
    if func.attr == "batch":
        receiver = tracker.value(func.value, scope)
        if receiver is None or receiver.kind != DATASET:
            return
    functions, strategy = _places(tracker.tree)
    if any(first <= call.lineno <= last for first, last in functions):
        return  # batching per replica in a distribute_datasets_from_function function: right
    operand = text if type(size) in (ast.Name, ast.Attribute, ast.Constant, ast.Subscript, ast.Call) else f"({text})"
    fixed = _with_size(call, size, f"{operand} * {strategy}.num_replicas_in_sync")
    tracker.emit(
        call,
        codes.per_replica_as_global(
            expression=text,
            operand=operand,
            given_to="fit(batch_size=...)" if func.attr == "fit" else "batch()",
            strategy=strategy,
            fixed=ast.unparse(fixed),
        ),
    )


def _with_size(call: ast.Call, size: ast.expr, total: str) -> ast.Call:
    replacement = ast.parse(total, mode="eval").body
    args = [replacement if a is size else a for a in call.args]
    keywords = [ast.keyword(k.arg, replacement) if k.value is size else k for k in call.keywords]
    return ast.Call(func=call.func, args=args, keywords=keywords)


def _places(tree: ast.Module) -> tuple:
    """The line ranges of the functions handed to ``distribute_datasets_from_function`` (by name or as a
    lambda), and the name a tf.distribute strategy is bound to ("strategy" when none is seen)."""
    if _LAST[0] is tree:
        return _LAST[1]
    handed, lambdas, strategy = set(), [], "strategy"
    defs = {}
    for node in ast.walk(tree):
        if type(node) is ast.Call and type(node.func) is ast.Attribute:
            if node.func.attr == "distribute_datasets_from_function" and node.args:
                first = node.args[0]
                if type(first) is ast.Name:
                    handed.add(first.id)
                elif type(first) is ast.Lambda:
                    lambdas.append((first.lineno, first.end_lineno or first.lineno))
        elif type(node) in (ast.FunctionDef, ast.AsyncFunctionDef):
            defs.setdefault(node.name, []).append((node.lineno, node.end_lineno or node.lineno))
        elif type(node) is ast.Assign and type(node.value) is ast.Call and len(node.targets) == 1:
            if type(node.targets[0]) is ast.Name and ast.unparse(node.value.func).endswith("Strategy"):
                strategy = node.targets[0].id
    functions = lambdas + [span for name in handed for span in defs.get(name, [])]
    _LAST[:] = [tree, (functions, strategy)]
    return functions, strategy
