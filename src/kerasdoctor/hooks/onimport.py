"""Hooks on libraries the program has not imported yet: wrapped when it imports them, not before.

`install()` must not import Keras (and with it TensorFlow: seconds and hundreds of MB) or scikit-learn
into a program that uses neither: that would run code the program never runs. A library already
imported is wrapped at once; for the others, `Watch` (a finder first on ``sys.meta_path``) lets the
import system find each watched module as usual, and once the module has run, before the importer gets
it, says so (``loaded(name)``), so that `wrapping` wraps what is now there. The watch comes off with
the hooks, or when nothing is left to wait for.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable


class Watch:
    """A meta path finder that finds nothing itself: for a watched module name, it takes the spec the
    other finders give and has its loader report when the module has run."""

    def __init__(self, names: frozenset[str], loaded: Callable[[str], None]):
        self.names = names
        self.loaded = loaded
        self._finding = threading.local()

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in self.names or getattr(self._finding, "busy", False):
            return None
        self._finding.busy = True
        try:
            spec = _spec_from_the_others(self, fullname, path, target)
        finally:
            self._finding.busy = False
        loader = getattr(spec, "loader", None)
        if loader is None or isinstance(loader, type) or not hasattr(loader, "exec_module"):
            return spec  # a class as loader (built-in, frozen) is shared by every module: left alone
        run = loader.exec_module

        def exec_module(module):
            vars(loader).pop("exec_module", None)  # once: the loader is this module's own
            run(module)
            self.loaded(fullname)

        try:
            loader.exec_module = exec_module
        except AttributeError:  # a loader that takes no attributes: that library stays unhooked
            pass
        return spec


def _spec_from_the_others(watch: Watch, fullname: str, path, target):
    for finder in list(sys.meta_path):
        find = getattr(finder, "find_spec", None)
        if finder is watch or find is None:
            continue
        spec = find(fullname, path, target)
        if spec is not None:
            return spec
    return None


def imported(name: str, loaded: str | None = None):
    """The module ``name`` once it has run (``loaded``: the one whose run has just ended, still marked
    as being imported); None while it is not imported, or still running."""
    module = sys.modules.get(name)
    if module is None:
        return None
    if name != loaded and getattr(getattr(module, "__spec__", None), "_initializing", False):
        return None  # its __init__ is importing a submodule: what it defines may not be there yet
    return module


def watch(names: frozenset[str], loaded: Callable[[str], None]) -> None:
    """Watch ``names`` (none: stop watching), in place of what was watched before."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, Watch)]
    if names:
        sys.meta_path.insert(0, Watch(names, loaded))
