"""Hooks on a module the program has not imported yet are put in place the moment it imports it.

Importing the module ourselves would change the program: Keras reads ``KERAS_BACKEND`` once, when it is
first imported, so a script that starts with ``os.environ["KERAS_BACKEND"] = "jax"`` would get
TensorFlow under ``kerasdoctor run`` had the hooks imported Keras first; and a program that never uses
scikit-learn should not pay for importing it. A finder on ``sys.meta_path`` waits for the module and
runs the waiting installs right after the module's own code, before the importer gets it.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Callable


class _AfterImport(importlib.abc.MetaPathFinder):
    def __init__(self):
        self.waiting: dict[str, list[Callable[[], None]]] = {}

    def find_spec(self, name, path, target=None):
        if name not in self.waiting:
            return None
        spec = None
        for finder in sys.meta_path:  # the spec the other finders would give
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)  # the import system put it in sys.modules first, so the installs resolve it
            # taken only now: a spec asked for without importing (importlib.util.find_spec, as TensorFlow
            # does to see whether Keras is there) must leave the installs waiting for the real import
            for callback in self.waiting.pop(name, []):
                callback()

        spec.loader.exec_module = exec_module
        return spec


_finder = _AfterImport()


def when_imported(module: str, callback: Callable[[], None]) -> None:
    """Run ``callback`` now if ``module`` is imported, else right after it is."""
    if module in sys.modules:
        callback()
        return
    _finder.waiting.setdefault(module, []).append(callback)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def forget() -> None:
    """Drop every waiting install (uninstall)."""
    _finder.waiting.clear()
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
