"""Facts remembered per object, for as long as the object lives.

A tf.data.Dataset never changes once made: what its pipeline is, whether reading it is safe, how to read it
without tf.data's rewrites. Working that out costs a good part of a check (`bench/check_overhead.py`), so
it is done once per dataset. The object is held by a weak reference only: the entry goes when the object
goes, and a remembered value must not hold the object itself (it would then never go).
"""

from __future__ import annotations

import functools
import weakref


def per_object(fact):
    """``fact(obj, *args)`` remembered per ``obj`` (by identity, weakly) and ``args``, for an ``obj`` that
    cannot change. An object that cannot be weakly referenced is not remembered; a fact that raises is not
    remembered either."""
    entries: dict[int, tuple[weakref.ref, dict]] = {}

    def forget(ref, key):
        if entries.get(key, (None,))[0] is ref:
            del entries[key]

    @functools.wraps(fact)
    def remembered(obj, *args):
        key = id(obj)
        entry = entries.get(key)
        if entry is None or entry[0]() is not obj:
            try:
                ref = weakref.ref(obj, functools.partial(forget, key=key))
            except TypeError:  # not weakly referable: nothing tells us when it goes
                return fact(obj, *args)
            entry = entries[key] = (ref, {})
        values = entry[1]
        if args not in values:
            values[args] = fact(obj, *args)
        return values[args]

    remembered.entries = entries  # for tests: what is remembered now
    return remembered
