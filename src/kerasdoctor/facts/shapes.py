"""Small helpers for shapes given as tuples in which ``None`` means unknown."""

from __future__ import annotations

Shape = tuple  # of int | None


def compatible(a: Shape, b: Shape) -> bool:
    """Same rank, and every pair of known dimensions agrees."""
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))
