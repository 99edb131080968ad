"""KD110 non-finite-values and KD111 non-numeric-data, with real Keras models, arrays, DataFrames and datasets."""

import warnings

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.facts import values as facts

from .silent import classifier, paste

rng = np.random.default_rng(0)


def data(n=256, features=4):
    x = rng.random((n, features), dtype="float32")
    y = (x[:, 0] * 3).astype("int64").clip(0, 2)
    return x, y


# ---- the facts -------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1000,), (256, 4), (40, 1), (50, 7, 7, 3), (64, 1030)])
def test_value_facts_agree_with_numpy_whatever_the_chunking(shape, monkeypatch):
    monkeypatch.setattr(facts, "CHUNK_BYTES", 1000)  # many chunks, and remainders in each
    x = rng.normal(size=shape).astype("float32") * 10
    x.flat[37] = np.nan
    x.flat[5] = np.inf
    x.flat[-1] = -np.inf
    v = facts.value_facts(x, "x")
    finite = np.where(np.isfinite(x), x, np.nan).reshape(-1, shape[-1] if len(shape) > 1 else 1)
    assert (v.nan, v.inf, v.first_bad_value) == (1, 2, "inf")
    assert v.first_bad == tuple(int(i) for i in np.unravel_index(5, shape))
    np.testing.assert_array_equal(v.low, np.nanmin(finite, axis=0))
    np.testing.assert_array_equal(v.high, np.nanmax(finite, axis=0))


def test_value_facts_of_a_non_contiguous_array_and_of_integers():
    x = rng.random((300, 6)).T  # Fortran order: chunks are copied, never the whole array
    v = facts.value_facts(x, "x")
    np.testing.assert_array_equal(v.low, x.min(axis=0))
    labels = facts.value_facts(np.arange(10), "y")
    assert labels.non_finite == 0 and (labels.minimum, labels.maximum) == (0, 9)


def _sampled(ds, batches: int):
    from kerasdoctor.facts.data import data_facts
    from kerasdoctor.facts.sampling import sample_data

    data = data_facts(ds)
    sample = sample_data(data, batches, unsafe=False)
    return data, sample


@pytest.mark.parametrize("batched", [True, False])
def test_sampled_batches_are_read_one_by_one_as_their_concatenation(batched):
    x = rng.normal(size=(12, 5)).astype("float32")
    x[1, 1], x[7, 2], x[9, 0] = 2.0e9, np.nan, -np.inf  # the first non-finite value is in the second batch
    y = np.arange(12) % 3
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    ds, read = (ds.batch(4), 3) if batched else (ds, 12)
    data, sample = _sampled(ds, read)
    values = facts.data_values(data, lambda: sample, batched=batched)
    for part, whole in (("x", x), ("y", y)):
        [(_, seen)] = values.of(part)
        [(_, expected)] = facts.data_values(facts_of_arrays(whole), None).of("x")
        assert (seen.shape, seen.dtype, seen.nan, seen.inf) == (
            expected.shape,
            expected.dtype,
            expected.nan,
            expected.inf,
        )
        assert (seen.first_bad, seen.first_bad_value) == (expected.first_bad, expected.first_bad_value)
        np.testing.assert_array_equal(seen.low, expected.low)
        np.testing.assert_array_equal(seen.high, expected.high)
    [(_, x_seen)] = values.of("x")
    assert (x_seen.first_bad, x_seen.first_bad_value, x_seen.maximum) == ((7, 2), "NaN", 2.0e9)


def test_batches_of_different_shapes_are_read_as_the_first_one_alone_and_the_other_parts_in_full():
    lengths = tf.data.Dataset.from_tensor_slices(([3, 5, 2, 6], [0, 1, 0, 1]))
    padded = lengths.map(lambda n, y: (tf.ones([n]), y)).padded_batch(2)  # (2, 5) then (2, 6)
    data, sample = _sampled(padded, 2)
    [(_, x_seen)] = facts.data_values(data, lambda: sample).of("x")
    [(_, y_seen)] = facts.data_values(data, lambda: sample).of("y")
    assert (x_seen.shape, y_seen.shape) == ((2, 5), (4,))


def facts_of_arrays(x):
    from kerasdoctor.facts.data import data_facts

    return data_facts(x)


# ---- KD110 ---------------------------------------------------------------------------


def test_keras_trains_through_a_nan_without_an_error_and_every_weight_turns_nan():
    # The behaviour KD110 warns of (Keras 3.15): no exception, the loss reads nan, the weights are NaN.
    x, y = data()
    x[3, 1] = np.nan
    model = classifier(metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, verbose=0)
    assert np.isnan(history.history["loss"][-1])
    assert all(np.isnan(w).all() for w in model.get_weights())


def test_one_nan_in_x_is_named_where_it_is_and_the_fix_removes_it():
    x, y = data()
    x[3, 1] = np.nan
    report = kd.check(classifier(), x, y)
    assert report.codes == ["KD110"]
    finding = report.findings[0]
    assert finding.message.startswith("x[3, 1] is NaN; 1 NaN among the 1,024 values of x.")
    assert finding.where == "x"
    x = paste(finding.fix, x=x)["x"]
    assert kd.check(classifier(), x, y).findings == []


def test_inf_in_y_and_nan_in_sample_weight_drop_those_examples():
    x, y = data()
    target = y.astype("float32")
    target[10] = np.inf
    report = kd.check(classifier(), x, target)
    assert report.codes == ["KD110"] and "target[10] is inf; 1 infinite value" in report.findings[0].message
    fixed = paste(report.findings[0].fix, x=x, target=target)
    assert len(fixed["x"]) == 255 and kd.check(classifier(), fixed["x"], fixed["target"]).findings == []

    weights = np.ones(256)
    weights[[7, 9]] = np.nan
    report = kd.check(classifier(), x, y, sample_weight=weights)
    assert report.codes == ["KD110"] and "weights[7] is NaN; 2 NaNs among the 256" in report.findings[0].message
    fixed = paste(report.findings[0].fix, x=x, y=y, weights=weights)
    assert kd.check(classifier(), fixed["x"], fixed["y"], sample_weight=fixed["weights"]).findings == []


def test_nan_in_validation_data_says_training_is_spared_but_val_loss_is_not():
    x, y = data()
    x_val, y_val = data(64)
    x_val[0, 0] = np.nan
    report = kd.check(classifier(), x, y, validation_data=(x_val, y_val))
    assert report.codes == ["KD110"]
    assert report.findings[0].where == "validation_data[0]" and "val_loss is NaN" in report.findings[0].message
    x_val = paste(report.findings[0].fix, x_val=x_val)["x_val"]
    assert kd.check(classifier(), x, y, validation_data=(x_val, y_val)).findings == []


def test_a_dataset_is_judged_from_the_batches_read_and_says_so():
    x, y = data()
    x[3, 1] = np.nan
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    report = kd.check(classifier(), ds)
    assert report.codes == ["KD110"]
    assert "in the 2 batches read, the first at [3, 1]" in report.findings[0].message
    ds = paste(report.findings[0].fix, ds=ds)["ds"]
    assert kd.check(classifier(), ds).findings == []
    # a NaN past the batches read is not seen, and nothing claims otherwise
    x, y = data()
    x[200, 0] = np.nan
    assert kd.check(classifier(), tf.data.Dataset.from_tensor_slices((x, y)).batch(32)).findings == []


def test_a_dataframe_names_the_column_and_row():
    frame = pd.DataFrame({"age": rng.integers(18, 80, 256).astype("float64"), "income": rng.random(256)})
    frame.loc[5, "income"] = np.nan
    y = rng.integers(0, 3, 256)
    report = kd.check(classifier(features=2), frame, y)
    assert report.codes == ["KD110"] and "frame['income'] at row 5 is NaN" in report.findings[0].message
    frame = paste(report.findings[0].fix, frame=frame)["frame"]
    assert kd.check(classifier(features=2), frame, y).findings == []


# ---- KD111 -----------------------------------------------------------------------------


def test_keras_itself_says_only_invalid_dtype():
    x, _ = data(90)
    names = np.array(["setosa", "versicolor", "virginica"])[rng.integers(0, 3, 90)]
    with pytest.raises(ValueError, match="Invalid dtype"):
        classifier().fit(x, names, epochs=1, verbose=0)


def test_string_labels_get_a_label_encoder_that_fixes_them_for_validation_too():
    x, _ = data(90)
    labels = np.array(["setosa", "versicolor", "virginica"])[rng.integers(0, 3, 90)]
    val_labels = labels[:30].copy()
    report = kd.check(classifier(), x, labels, validation_data=(x[:30], val_labels))
    assert report.codes == ["KD111", "KD111"]
    train, validation = report.findings
    dtype = labels.dtype.name  # "str320": what Keras names in its error
    assert f"labels (y) holds strings (dtype {dtype}" in train.message
    assert f'stops with "Invalid dtype: {dtype}"' in train.message
    scope = paste(train.fix, labels=labels, y=labels)
    scope = paste(validation.fix, **scope, val_labels=val_labels)
    assert kd.check(classifier(), x, scope["labels"], validation_data=(x[:30], scope["val_labels"])).findings == []


def test_a_dataframe_with_a_text_column_names_it_and_numbers_stored_as_text_get_astype():
    frame = pd.DataFrame({"age": rng.integers(18, 80, 64), "city": rng.choice(["Oslo", "Lima"], 64)})
    y = rng.integers(0, 3, 64)
    with pytest.raises(ValueError, match="Invalid dtype"):
        classifier(features=2).fit(frame, y, epochs=1, verbose=0)
    report = kd.check(classifier(features=2), frame, y)
    assert report.codes == ["KD111"] and "frame (x) has 1 column of text ('city'" in report.findings[0].message
    fixed = paste(report.findings[0].fix, frame=frame)["frame"]
    assert kd.check(classifier(features=fixed.shape[1]), fixed, y).findings == []

    as_text = pd.DataFrame({"age": rng.integers(18, 80, 64).astype(str), "height": rng.random(64)})
    report = kd.check(classifier(features=2), as_text, y)
    assert report.codes == ["KD111"] and "astype('float32')" in report.findings[0].fix
    fixed = paste(report.findings[0].fix, as_text=as_text)["as_text"]
    assert kd.check(classifier(features=2), fixed, y).findings == []


def test_lists_of_different_lengths_are_kd111_not_a_shape_error_or_not_inspected():
    sequences = [[1, 2, 3], [4, 5]] * 32
    y = rng.integers(0, 3, 64)
    model = classifier(features=3)
    with pytest.raises(ValueError, match="Unrecognized data type"):
        model.fit(sequences, y, epochs=1, verbose=0)
    report = kd.check(model, sequences, y)
    assert report.codes == ["KD111"] and "lists of different lengths" in report.findings[0].message
    sequences = paste(report.findings[0].fix, sequences=sequences)["sequences"]
    assert kd.check(model, sequences, y).findings == []


def test_text_into_a_string_input_is_left_alone():
    inputs = keras.Input((1,), dtype="string")
    lookup = keras.layers.StringLookup(vocabulary=["Oslo", "Lima"], output_mode="one_hot")
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(lookup(inputs)))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    cities = np.array([["Oslo"], ["Lima"]] * 16, dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = kd.check(model, cities, rng.integers(0, 3, 32))
    assert "KD111" not in report.codes
