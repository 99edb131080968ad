"""Facts remembered per object (facts/memo.py): once per object and arguments, forgotten when the object goes,
never holding it; on real tf.data datasets, the one kind of object kerasdoctor remembers facts of."""

import weakref

import numpy as np
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.facts.memo import per_object
from kerasdoctor.facts.sampling import _unoptimised, pipeline_hazard

X = np.ones((16, 3), "float32")
Y = np.arange(16) % 2


def counted():
    calls = []

    @per_object
    def fact(obj, *args):
        calls.append((obj, args))
        return len(calls)

    return fact, calls


class Holder:
    pass


def test_a_fact_is_gathered_once_per_object_and_arguments_and_forgotten_with_the_object():
    fact, calls = counted()
    first, second = Holder(), Holder()
    assert (fact(first), fact(first), fact(first, 3), fact(second), fact(first, 3)) == (1, 1, 2, 3, 2)
    alive = weakref.ref(first)
    calls.clear()  # the calls held the object (the test's record, not the memo)
    del first
    assert alive() is None and list(fact.entries) == [id(second)]


def test_an_object_without_weak_references_and_a_fact_that_raises_are_not_remembered():
    fact, calls = counted()
    assert (fact(7), fact(7)) == (1, 2)  # an int cannot be weakly referenced
    assert fact.entries == {}

    @per_object
    def failing(obj):
        calls.append(obj)
        raise ValueError("not now")

    holder = Holder()
    for _ in range(2):
        try:
            failing(holder)
        except ValueError:
            pass
    assert calls[-2:] == [holder, holder]


def test_a_checked_dataset_is_prepared_once_and_let_go_with_it():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    ds = tf.data.Dataset.from_tensor_slices((X, Y + 1)).map(lambda x, y: (x * 2, y)).batch(4)
    alive, key = weakref.ref(ds), id(ds)
    # Each check reads a fresh iteration through the remembered twin: both read labels 1 and 2 (KD205).
    assert kd.check(model, ds).codes == kd.check(model, ds).codes == ["KD205"]
    assert key in _unoptimised.entries and key in pipeline_hazard.entries
    # The remembered twin is a variant tensor that keeps with_options()'s options, not the Python dataset.
    twin = tf.data.experimental.from_variant(_unoptimised(ds), ds.element_spec)
    assert twin.options().autotune.enabled is False
    assert twin.options().experimental_optimization.apply_default_optimizations is False
    del ds, twin  # freed by its reference count, as without kerasdoctor
    assert alive() is None
    assert key not in _unoptimised.entries and key not in pipeline_hazard.entries
