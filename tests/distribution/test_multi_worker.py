"""KD603 with a real MultiWorkerMirroredStrategy: one worker in this process (as a multi-worker script is
tried on one machine), and two real workers on localhost in subprocesses for the sharding claims."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

pytestmark = [pytest.mark.tensorflow_backend, pytest.mark.distributed]

rng = np.random.default_rng(0)
X = rng.uniform(size=(64, 4)).astype("float32")
Y = (X.sum(axis=1) > 2).astype("float32")


@pytest.fixture(scope="module")
def strategy():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tf.distribute.MultiWorkerMirroredStrategy()


@pytest.fixture(scope="module")
def model(strategy):
    with strategy.scope():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def policy(ds, name):
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = getattr(tf.data.experimental.AutoShardPolicy, name)
    return ds.with_options(options)


def in_memory():
    return tf.data.Dataset.from_tensor_slices((X, Y)).batch(16)


def test_an_in_memory_dataset_with_auto_sharding_is_kd603_and_its_fix_is_quiet(model):
    ds = in_memory()
    report = kd.check(model, ds)
    assert report.codes == ["KD603"]
    finding = report.findings[0]
    assert "falls back to DATA" in finding.message and "once this runs on several, with TF_CONFIG" in finding.message
    assert finding.message.endswith("keeps only every N-th element (N: the number of workers).")
    namespace = {"ds": ds, "tf": tf}
    exec(finding.fix, {}, namespace)
    assert kd.check(model, namespace["ds"]).findings == []


def test_auto_shard_off_is_kd603_and_a_file_source_is_not(model, tmp_path):
    assert "auto-shard policy is OFF" in kd.check(model, policy(in_memory(), "OFF")).findings[0].message
    path = str(tmp_path / "examples.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        for x, y in zip(X, Y):
            features = {
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=x)),
                "y": tf.train.Feature(float_list=tf.train.FloatList(value=[y])),
            }
            writer.write(tf.train.Example(features=tf.train.Features(feature=features)).SerializeToString())
    spec = {"x": tf.io.FixedLenFeature([4], tf.float32), "y": tf.io.FixedLenFeature([], tf.float32)}

    def parse(record):
        example = tf.io.parse_single_example(record, spec)
        return example["x"], example["y"]

    from_files = tf.data.TFRecordDataset([path]).map(parse).batch(16)
    assert kd.check(model, from_files).findings == []
    listed = tf.data.Dataset.list_files(str(tmp_path / "*.tfrecord")).interleave(tf.data.TFRecordDataset)
    assert kd.check(model, listed.map(parse).batch(16)).findings == []


def test_a_dataset_function_that_never_shards_is_kd603(strategy, model):
    def unsharded(context):
        return tf.data.Dataset.from_tensor_slices((X, Y)).batch(context.get_per_replica_batch_size(16))

    def sharded(context):
        ds = tf.data.Dataset.from_tensor_slices((X, Y))
        ds = ds.shard(context.num_input_pipelines, context.input_pipeline_id)
        return ds.batch(context.get_per_replica_batch_size(16))

    report = kd.check(model, strategy.distribute_datasets_from_function(unsharded))
    assert report.codes == ["KD603"] and "never calls shard()" in report.findings[0].message
    assert kd.check(model, strategy.distribute_datasets_from_function(sharded)).findings == []


class StepsPerEpoch(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.steps = []

    def on_epoch_begin(self, epoch, logs=None):
        self.steps.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.steps[-1] += 1


@pytest.mark.parametrize("steps, epochs, short", [(3, 3, (2, 1)), (4, 2, None), (2, 3, None)])
def test_steps_per_epoch_over_a_dataset_that_is_not_repeated(model, steps, epochs, short):
    ds = policy(in_memory(), "DATA")  # 4 batches
    report = kd.check(model, ds, steps_per_epoch=steps, epochs=epochs)
    counter = StepsPerEpoch()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras' "Your input ran out of data"
        model.fit(ds, steps_per_epoch=steps, epochs=epochs, verbose=0, callbacks=[counter])
    if short is None:
        assert report.findings == [] and counter.steps == [steps] * epochs
        return
    epoch, trained = short
    assert counter.steps[epoch - 1] == trained  # what Keras really did
    assert report.codes == ["KD603"]
    assert f"epoch {epoch} runs out after {trained} of its {steps} steps" in report.findings[0].message
    assert kd.check(model, ds.repeat(), steps_per_epoch=steps, epochs=epochs).findings == []


WORKER = textwrap.dedent(
    """
    import json, os, sys
    import numpy as np
    import tensorflow as tf
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    seen = {}
    for policy in ("AUTO", "OFF"):
        ds = tf.data.Dataset.range(16).batch(4)
        options = tf.data.Options()
        options.experimental_distribute.auto_shard_policy = getattr(tf.data.experimental.AutoShardPolicy, policy)
        seen[policy] = []
        for batch in strategy.experimental_distribute_dataset(ds.with_options(options)):
            for part in strategy.experimental_local_results(batch):
                seen[policy] += part.numpy().tolist()
    print(json.dumps({policy: sorted(elements) for policy, elements in seen.items()}))
    """
)


def _free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.mark.slow
def test_what_two_real_workers_read_from_an_in_memory_dataset(tmp_path):
    """The claims KD603 makes: with AUTO an in-memory dataset falls back to DATA sharding (the workers train
    on disjoint elements); with OFF every worker trains on every element."""
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    cluster = {"worker": [f"localhost:{port}" for port in _free_ports(2)]}
    workers = []
    for index in range(2):
        env = dict(os.environ, TF_CONFIG=json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}}))
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
        workers.append(
            subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        )
    seen = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()[-2000:]
        seen.append(json.loads(out.decode().strip().splitlines()[-1]))
    first, second = seen
    assert first["OFF"] == second["OFF"] == list(range(16))  # every worker, every element
    assert sorted(first["AUTO"] + second["AUTO"]) == list(range(16))  # DATA sharding: disjoint parts
    assert not set(first["AUTO"]) & set(second["AUTO"])
