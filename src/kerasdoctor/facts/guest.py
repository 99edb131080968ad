"""Reading the user's objects as a guest: every random stream a check may draw from is left as it was.

A check runs some of the user's code: a `PyDataset`'s ``__getitem__(0)``, a
splitter's ``split()``, a fresh iteration of a dataset. Code like that draws
random numbers (augmentation, ``KFold(shuffle=True)``), and a seeded program
must draw the same numbers with kerasdoctor as without it. `random_state_kept`
saves every stream a check could advance and puts it back afterwards:

- the global ones: Python's `random`, NumPy's legacy global generator
  (``np.random.*``, and what scikit-learn uses for ``random_state=None``),
  Keras' global `SeedGenerator` (unseeded ``keras.random.*``), TensorFlow's
  global `tf.random.Generator`, and TensorFlow's eager op seeds (with a global
  seed set, each unseeded ``tf.random.*`` op takes the next op seed);
- the generators the given objects hold, found by a bounded walk of their
  attributes: `np.random.Generator`, `np.random.RandomState`, `random.Random`,
  Keras' `SeedGenerator` (a random layer's), `tf.random.Generator`.

TensorFlow caches an eager random kernel per (seed, op seed) and the kernel
keeps its own position, so its op seeds are not rewound: during the block the
eager context draws op seeds from a stream of its own, and the user's stream
is put back untouched (a rewound stream would hand the user's next op the
kernel our op already advanced).

Only libraries already imported are looked at; nothing here imports them.
"""

from __future__ import annotations

import contextlib
import random
import sys
import types
from collections.abc import Callable, Iterator

# The walk of the objects' attributes stops after this many objects, and does not enter containers
# larger than this: a dataset holding a list of a million file names is not read name by name.
WALK_LIMIT = 5_000
# Leaves: never walked into.
_ATOMS = (str, bytes, bytearray, int, float, complex, bool, type(None), type, range, memoryview)
_CODE = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.ModuleType)
_HEAVY_MODULES = ("numpy", "tensorflow", "pandas", "scipy", "jax", "torch")

Restore = Callable[[], None]


@contextlib.contextmanager
def random_state_kept(*owners) -> Iterator[None]:
    """Run the block, then put back every random stream it may have advanced (see the module's doc).

    ``owners``: the user's objects the block runs code of (a PyDataset, a splitter); the generators
    they hold are kept too.
    """
    restores = []
    for save in _savers(owners):
        try:
            restore = save()
        except Exception:  # a stream whose position cannot be read is not kept, never an error
            continue
        if restore is not None:
            restores.append(restore)
    try:
        yield
    finally:
        for restore in reversed(restores):
            try:
                restore()
            except Exception:  # a stream that cannot be put back is left as it is, never an error
                pass


def _savers(owners) -> Iterator[Callable[[], Restore | None]]:
    """Functions that each save one stream's position and return how to put it back."""
    yield _python_global
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        yield lambda: _generator(numpy.random.mtrand._rand)
    if "keras" in sys.modules:
        yield _keras_global
    if "tensorflow" in sys.modules:
        yield _tf_global_generator
        yield _tf_op_seeds
    try:
        generators = held_generators(owners)
    except Exception:  # objects that cannot be walked hold nothing we can keep
        generators = []
    for generator in generators:
        yield lambda generator=generator: _generator(generator)


def _python_global() -> Restore:
    state = random.getstate()
    return lambda: random.setstate(state)


def _generator(generator) -> Restore | None:
    """Save one generator object's position; None when it is not one kerasdoctor knows."""
    if isinstance(generator, random.Random):
        try:
            state = generator.getstate()
        except NotImplementedError:  # random.SystemRandom has no state
            return None
        return lambda: generator.setstate(state)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(generator, numpy.random.RandomState):
            state = generator.get_state()
            return lambda: generator.set_state(state)
        if isinstance(generator, numpy.random.Generator):
            state = generator.bit_generator.state
            return lambda: setattr(generator.bit_generator, "state", state)
    state_variable = _state_variable(generator)
    if state_variable is not None:
        value = state_variable.numpy()
        return lambda: state_variable.assign(value)
    return None


def _state_variable(generator):
    """The state variable of a Keras SeedGenerator or a tf.random.Generator, else None."""
    keras = sys.modules.get("keras")
    if keras is not None and isinstance(generator, keras.random.SeedGenerator):
        return generator.state
    tf = sys.modules.get("tensorflow")
    if tf is not None and isinstance(generator, tf.random.Generator):
        return generator.state
    return None


def _keras_global() -> Restore | None:
    # keras.random.* without a seed draws from a SeedGenerator made on first use and kept in Keras'
    # global state (keras/src/random/seed_generator.py, global_seed_generator).
    try:
        from keras.src.backend.common import global_state
        from keras.src.random.seed_generator import GLOBAL_SEED_GENERATOR
    except ImportError:  # another Keras layout: its global stream is not kept
        return None
    generator = global_state.get_global_attribute(GLOBAL_SEED_GENERATOR)
    if generator is None:  # made during the block, it would be made again, the same, by the user
        return lambda: global_state.set_global_attribute(GLOBAL_SEED_GENERATOR, None)
    return _generator(generator)


def _tf_global_generator() -> Restore | None:
    try:
        from tensorflow.python.ops import stateful_random_ops
    except ImportError:
        return None
    generator = getattr(stateful_random_ops, "global_generator", None)
    if generator is None:
        return lambda: setattr(stateful_random_ops, "global_generator", None)
    return _generator(generator)


def _tf_op_seeds() -> Restore | None:
    # tf.random.set_seed(s) gives the eager context a random.Random(s) (context._rng) from which each
    # unseeded random op takes its op seed; without a global seed there is none and nothing to keep.
    try:
        from tensorflow.python.eager import context
    except ImportError:
        return None
    eager = context.context()
    stream = getattr(eager, "_rng", None)
    if stream is None:
        return None
    eager._rng = random.Random()  # the block's own stream, seeded from os.urandom: its kernels are new ones
    return lambda: setattr(eager, "_rng", stream)


# ---- the generators an object holds -------------------------------------------------


def _is_generator(value) -> bool:
    if isinstance(value, random.Random):
        return True
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, (numpy.random.RandomState, numpy.random.Generator)):
        return True
    return _state_variable(value) is not None


def _children(value) -> list:
    if isinstance(value, dict):
        return list(value.values()) if len(value) <= WALK_LIMIT else []
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value) if len(value) <= WALK_LIMIT else []
    module = type(value).__module__.split(".")[0]
    attributes = getattr(value, "__dict__", None)
    if module in _HEAVY_MODULES or not isinstance(attributes, dict):
        return []  # arrays, tensors, datasets: data, not the holders of a generator
    return list(attributes.values())


def held_generators(owners) -> list:
    """The random generators reachable from ``owners`` through attributes and containers, nearest
    first (breadth first, at most `WALK_LIMIT` objects looked at)."""
    found, seen, level = [], set(), list(owners)
    while level and len(seen) < WALK_LIMIT:
        following = []
        for value in level:
            if isinstance(value, _ATOMS + _CODE) or id(value) in seen:
                continue
            seen.add(id(value))
            if _is_generator(value):
                found.append(value)
                continue
            if len(seen) >= WALK_LIMIT:
                break
            try:
                following.extend(_children(value))
            except Exception:  # an object whose attributes cannot be listed holds nothing we can see
                continue
        level = following
    return found
