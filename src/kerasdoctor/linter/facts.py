"""File-wide facts gathered in one walk before the tracker runs, and a fast child-node iterator."""

from __future__ import annotations

import ast

# Nodes with nothing below them that matters: not expanded by the walks (most nodes are these).
_LEAVES = (
    ast.Name,
    ast.Constant,
    ast.Load,
    ast.Store,
    ast.Del,
    ast.Pass,
    ast.alias,
    ast.operator,
    ast.unaryop,
    ast.cmpop,
    ast.boolop,
)
LEAF_TYPES = frozenset(t for base in _LEAVES for t in (base, *base.__subclasses__()))


def children(node: ast.AST) -> list:
    """The child nodes, as ast.iter_child_nodes but without leaves, as a list (faster)."""
    out = []
    for name in node._fields:
        value = getattr(node, name, None)
        if type(value) is list:
            out.extend(v for v in value if isinstance(v, ast.AST) and type(v) not in LEAF_TYPES)
        elif isinstance(value, ast.AST) and type(value) not in LEAF_TYPES:
            out.append(value)
    return out


class FileFacts:
    """File-wide facts, gathered in one pass before the walk.

    A model counts as compiled when `NAME.compile` appears anywhere in the file
    (any scope, any notebook cell, before or after the fit); a name that is
    ever used other than as `NAME.attr` (passed to a function, put in a list)
    escapes, and the linter no longer claims to know whether it was compiled.
    """

    def __init__(self, tree: ast.AST):
        self.compiled: set[str] = set()
        self.trained: set[str] = set()  # NAME.fit / NAME.train_on_batch appears
        self.escaped: set[str] = set()
        self.own_loss = False
        stack = [tree]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Attribute:
                value = node.value
                if type(value) is ast.Name:
                    if node.attr == "compile":
                        self.compiled.add(value.id)
                    elif node.attr in ("fit", "train_on_batch", "fit_generator"):
                        self.trained.add(value.id)
                    if node.attr == "add_loss":
                        self.own_loss = True
                    continue  # NAME.attr: the receiver does not escape
                if node.attr == "add_loss":
                    self.own_loss = True
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                if node.name in ("compute_loss", "train_step"):
                    self.own_loss = True
            for name in node._fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if type(item) is ast.Name:
                            if type(item.ctx) is ast.Load:
                                self.escaped.add(item.id)
                        elif isinstance(item, ast.AST) and type(item) not in LEAF_TYPES:
                            stack.append(item)
                elif type(value) is ast.Name:
                    if type(value.ctx) is ast.Load:
                        self.escaped.add(value.id)
                elif isinstance(value, ast.AST) and type(value) not in LEAF_TYPES:
                    stack.append(value)
