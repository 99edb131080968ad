"""Fix texts shared by the checks, the linter and the explained errors.

Plain strings only: the linter imports this module, and it must not import
numpy, scikit-learn or Keras.
"""

from __future__ import annotations


def stratified_fix(n_splits: int, groups: bool = False, repeats: int | None = None,
                   assign: str = "cv = {}") -> str:
    """Paste-able code for a stratified splitter of ``n_splits`` folds.

    ``groups``: keep the groups apart and stratify as well as they allow
    (StratifiedGroupKFold); ``repeats``: a RepeatedStratifiedKFold, which
    always reshuffles and takes no shuffle= argument. ``assign`` places the
    splitter in the user's code ("cv = {}", "cv={}", ...).
    """
    if repeats is not None:
        name, args = "RepeatedStratifiedKFold", f"n_splits={n_splits}, n_repeats={repeats}, random_state=0"
    else:
        name = "StratifiedGroupKFold" if groups else "StratifiedKFold"
        args = f"n_splits={n_splits}, shuffle=True, random_state=0"
    return f"from sklearn.model_selection import {name}\n" + assign.format(f"{name}({args})")
