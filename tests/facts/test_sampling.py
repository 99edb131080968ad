"""Reading a tf.data pipeline has no side effects and a budget: files, prints, snapshots and endless filters
are seen in the pipeline and left unread (KD901), on real tf.data pipelines."""

import os
import time

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.facts.sampling import READ_BUDGET, pipeline_hazard, sample_dataset

X = np.ones((16, 3), "float32")
Y = np.arange(16) % 2
PAIRS = tf.data.Dataset.from_tensor_slices((X, Y))


def classifier():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")  # its targets are read
    return model


def not_read(ds) -> str:
    report = kd.check(classifier(), ds)
    [finding] = report.findings
    assert finding.code == "KD901" and "were not read" in finding.message
    return finding.message


def test_a_map_that_writes_files_is_not_read(tmp_path):
    def write(x, y):
        tf.io.write_file(tf.strings.join([str(tmp_path), "/", tf.strings.as_string(y)]), "seen")
        return x, y

    message = not_read(PAIRS.map(write).batch(4))
    assert "given to map() writes files (tf.io.write_file, a checkpoint, tf.summary; op WriteFile)" in message
    assert os.listdir(tmp_path) == []


def test_a_map_that_prints_is_not_read(capfd):
    def show(x, y):
        tf.print("element", y)
        return x, y

    assert "the function given to map() prints (tf.print; op PrintV2)" in not_read(PAIRS.map(show).batch(4))
    assert "element" not in capfd.readouterr().err


def test_a_snapshot_is_not_read(tmp_path):
    assert "snapshots to files" in not_read(PAIRS.batch(4).snapshot(str(tmp_path / "snap")))
    assert not (tmp_path / "snap").exists()


def test_a_filter_over_an_endless_input_is_not_read_and_returns():
    endless = PAIRS.repeat().filter(lambda x, y: y > 5)  # keeps nothing: reading would never return
    started = time.perf_counter()
    message = not_read(endless.batch(4))
    assert time.perf_counter() - started < 10
    assert message == (
        "The targets of x were not read, so the loss-vs-target checks (KD203-KD206) did not run: it has a "
        "filter() over an endless input, which may read it without end and never return (not even "
        "inspect_unsafe=True reads it)."
    )
    [finding] = kd.check(classifier(), endless.batch(4), inspect_unsafe=True).findings  # and returns
    assert finding.message == message and finding.fix == ""


def test_a_filter_reads_at_most_the_budget():
    small = tf.data.Dataset.range(READ_BUDGET).map(lambda i: (tf.ones(3), i % 2))
    assert pipeline_hazard(small.filter(lambda x, y: y == 1).batch(4)) is None
    large = tf.data.Dataset.range(READ_BUDGET + 1).map(lambda i: (tf.ones(3), i % 2))
    assert pipeline_hazard(large.filter(lambda x, y: y == 1).batch(4)) == (
        "it has a filter() over an input of unknown size or more than 10000 elements, which may read all of it "
        "before the first element comes out; the budget is 10000 elements"
    )
    # a flat_map whose datasets filter is as selective as a filter
    nested = large.flat_map(lambda x, y: tf.data.Dataset.from_tensors((x, y)).filter(lambda a, b: b > 0))
    assert "a flat_map() whose datasets select (filter())" in pipeline_hazard(nested)
    assert "an ignore_errors() over an endless input" in pipeline_hazard(PAIRS.repeat().ignore_errors())


def test_sampling_stops_at_the_time_budget():
    slow = tf.data.Dataset.range(100).map(lambda i: tf.py_function(lambda v: time.sleep(0.05) or v, [i], tf.int64))
    assert len(sample_dataset(slow, 100, seconds=0.2)) < 10


def test_a_pipeline_that_raises_when_read_is_not_inspected_like_a_pydataset():
    lines = tf.data.Dataset.from_tensor_slices(["width,label", "0.5,1", "0.7,0"])

    def parse(line):
        width, label = tf.io.decode_csv(line, record_defaults=[0.0, 0])
        return tf.stack([width, width, width]), label

    [finding] = kd.check(classifier(), lines.map(parse).batch(2)).findings
    assert finding.code == "KD901"
    assert finding.message == (
        "x was not inspected: reading its first elements raised InvalidArgumentError: "
        "Field 0 in record 0 is not a valid float: width."
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda ds: ds.map(lambda x, y: (x * 2, y)).batch(4),
        lambda ds: ds.shuffle(16).batch(4).prefetch(2),
        lambda ds: ds.filter(lambda x, y: y >= 0).batch(4),
        lambda ds: ds.batch(4).cache(),
        lambda ds: ds.batch(4).map(lambda x, y: (x + tf.random.uniform(tf.shape(x)), y)),
    ],
)
def test_plain_pipelines_are_still_read(make):
    assert pipeline_hazard(make(PAIRS)) is None
    assert kd.check(classifier(), make(PAIRS)).findings == []
    out_of_range = tf.data.Dataset.from_tensor_slices((X, Y + 5))
    assert kd.check(classifier(), make(out_of_range)).codes == ["KD205"]  # the targets were read
