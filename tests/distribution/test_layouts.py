"""Keras 3's keras.distribution on the JAX backend, over two logical CPU devices (tests/conftest.py).

Run by CI's JAX step (KERAS_BACKEND=jax); skipped, with the reason, on the TensorFlow backend. Each
finding is checked against what JAX really does: the error fit() raises, or how a weight is laid out.
"""

import numpy as np
import pytest
import tensorflow as tf

import kerasdoctor as kd

pytestmark = [pytest.mark.jax_backend, pytest.mark.distributed]

keras = pytest.importorskip("keras")
distribution_lib = keras.distribution

rng = np.random.default_rng(0)
X = rng.uniform(size=(31, 6)).astype("float32")
Y = X.sum(axis=1, keepdims=True)


@pytest.fixture(autouse=True)
def no_distribution_left():
    yield
    distribution_lib.set_distribution(None)
    keras.utils.clear_session()  # nor the variables a failed build left waiting to be laid out


def devices():
    found = distribution_lib.list_devices("cpu")
    assert len(found) >= 2, "tests/conftest.py gives the distributed tests two logical CPU devices"
    return found[:2]


def data_parallel():
    return distribution_lib.DataParallel(devices=devices())


def model_parallel(key=".*dense_a.*kernel"):
    mesh = distribution_lib.DeviceMesh((1, 2), ["batch", "model"], devices())
    layout_map = distribution_lib.LayoutMap(mesh)
    layout_map[key] = (None, "model")
    return distribution_lib.ModelParallel(layout_map=layout_map, batch_dim_name="batch")


def regressor(units=4, built=True):
    layers = [keras.layers.Dense(units, name="dense_a"), keras.layers.Dense(1, name="dense_b")]
    model = keras.Sequential(([keras.Input((6,))] if built else []) + layers)
    model.compile(optimizer="adam", loss="mse")
    return model


def test_a_correct_data_parallel_run_reports_nothing():
    distribution_lib.set_distribution(data_parallel())
    model = regressor()
    assert kd.check(model, X[:24], Y[:24], batch_size=8).findings == []
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(8, drop_remainder=True)
    assert kd.check(model, ds).findings == []
    model.fit(ds, epochs=1, verbose=0)


def test_kd601_a_model_built_before_the_distribution_was_set():
    model = regressor()
    distribution_lib.set_distribution(data_parallel())
    report = kd.check(model, X[:24], Y[:24], batch_size=8)
    assert report.codes == ["KD601"]
    with pytest.raises(ValueError, match="Received incompatible devices for jitted computation") as info:
        model.fit(X[:24], Y[:24], batch_size=8, epochs=1, verbose=0)
    assert "Received incompatible devices for jitted computation" in report.findings[0].message
    assert kd.explain(info.value).code == "KD601"
    fixed = regressor()  # the fix: the distribution first, then the model
    assert kd.check(fixed, X[:24], Y[:24], batch_size=8).findings == []
    fixed.fit(X[:24], Y[:24], batch_size=8, epochs=1, verbose=0)


def test_kd602_a_last_batch_the_devices_do_not_divide():
    distribution_lib.set_distribution(data_parallel())
    model = regressor()
    report = kd.check(model, X, Y, batch_size=8)  # 31 examples: 3 batches of 8 and one of 7
    assert report.codes == ["KD602"]
    finding = report.findings[0]
    assert "x holds 31 examples: batches of 8 leave a last batch of 7, which the 2 devices" in finding.message
    with pytest.raises(Exception, match="partitioned 2 times, but the dimension size is 7") as info:
        model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    assert kd.explain(info.value).code == "KD602"
    assert finding.fix == (
        "model.fit(X[:30], Y[:30], batch_size=8, ...)   "
        "# 4 per device; 30 examples, so the last batch splits evenly too"
    )
    assert kd.check(model, X[:30], Y[:30], batch_size=8).findings == []
    model.fit(X[:30], Y[:30], batch_size=8, epochs=1, verbose=0)


def test_kd602_a_dataset_batch_the_devices_do_not_divide_and_its_fix():
    distribution_lib.set_distribution(data_parallel())
    model = regressor()
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(7)
    report = kd.check(model, ds)
    assert report.codes == ["KD602"]
    with pytest.raises(Exception, match="partitioned 2 times, but the dimension size is 7"):
        model.fit(ds, epochs=1, verbose=0)
    namespace = {"ds": ds}
    exec(report.findings[0].fix, {}, namespace)
    assert kd.check(model, namespace["ds"]).findings == []
    model.fit(namespace["ds"], epochs=1, verbose=0)


def test_kd604_a_layout_that_does_not_divide_a_weight_is_explained():
    distribution_lib.set_distribution(model_parallel())
    model = regressor(units=3, built=False)  # built in fit(): its 6 x 3 kernel split over 2 devices
    with kd.installed(on_fail="return"), pytest.raises(Exception, match="dimension size is 3") as info:
        model.fit(X[:24], Y[:24], batch_size=8, epochs=1, verbose=0)
    assert any(note.startswith("kerasdoctor KD604 ") for note in info.value.__notes__)
    finding = kd.explain(info.value)
    assert finding.code == "KD604" and "axis 1 (3) is split over 2 devices" in finding.message
    # what the fix's clear_session() is for: Keras keeps the variables that failed, and the next model fails too
    distribution_lib.set_distribution(model_parallel())
    with pytest.raises(Exception, match="dimension size is 3"):
        regressor(units=4).fit(X[:24], Y[:24], batch_size=8, epochs=1, verbose=0)
    assert "keras.utils.clear_session()" in finding.fix
    keras.utils.clear_session()
    distribution_lib.set_distribution(model_parallel())
    regressor(units=4).fit(X[:24], Y[:24], batch_size=8, epochs=1, verbose=0)


def test_kd605_a_layout_key_that_matches_no_variable_leaves_it_replicated():
    distribution_lib.set_distribution(model_parallel(key="dense_a.*kernel"))  # re.fullmatch: not "sequential/..."
    model = regressor()
    kernel = model.get_layer("dense_a").kernel
    assert tuple(kernel.value.sharding.shard_shape(kernel.shape)) == (6, 4)  # whole on each device
    report = kd.check(model, X[:24], Y[:24], batch_size=8)
    assert report.codes == ["KD605"]
    assert "layout_map['.*dense_a.*kernel'] = (None, 'model')" in report.findings[0].fix
    distribution_lib.set_distribution(model_parallel(key=".*dense_a.*kernel"))  # the fix, and the model again
    fixed = regressor()
    kernel = fixed.get_layer("dense_a").kernel
    assert tuple(kernel.value.sharding.shard_shape(kernel.shape)) == (6, 2)
    assert kd.check(fixed, X[:24], Y[:24], batch_size=8).findings == []


def test_kd605_the_fix_leaves_out_the_weights_the_layout_cannot_split():
    mesh = distribution_lib.DeviceMesh((1, 2), ["batch", "model"], devices())
    layout_map = distribution_lib.LayoutMap(mesh)
    layout_map["dense.*kernel"] = (None, "model")  # meant for every Dense kernel, but dense_b has one unit
    distribution_lib.set_distribution(distribution_lib.ModelParallel(layout_map=layout_map, batch_dim_name="batch"))
    model = regressor()
    finding = kd.check(model, X[:24], Y[:24], batch_size=8).findings[0]
    assert (
        "sequential_1/dense_b/kernel (4, 1) (axis 1: 1 over 'model': 2)"
        in finding.message.replace("sequential/", "sequential_1/")
        or "dense_b/kernel (4, 1)" in finding.message
    )
    key = finding.fix.splitlines()[0].split("'")[1]
    assert "dense_a/kernel" in key and "dense_b" not in key
    keras.utils.clear_session()
    fixed_map = distribution_lib.LayoutMap(mesh)
    fixed_map[key] = (None, "model")  # the fix, in a fresh session (the same names, as a script run again gets)
    distribution_lib.set_distribution(distribution_lib.ModelParallel(layout_map=fixed_map, batch_dim_name="batch"))
    fixed = regressor()
    assert kd.check(fixed, X[:24], Y[:24], batch_size=8).findings == []
    fixed.fit(X[:24], Y[:24], batch_size=8, epochs=1, verbose=0)
    kernel = fixed.get_layer("dense_a").kernel
    assert tuple(kernel.value.sharding.shard_shape(kernel.shape)) == (6, 2)


def test_params_reports_the_memory_each_device_holds():
    distribution_lib.set_distribution(model_parallel())
    model = regressor()
    report = kd.params(model)
    spread = report.replication
    assert spread.how == "ModelParallel" and spread.copies == 2 and spread.split
    held = sum(shard.data.nbytes for w in model.weights for shard in w.value.addressable_shards)
    assert sum(spread.total.values()) == held  # what the devices really hold, all together
    assert sum(spread.per_copy.values()) == held // 2
    assert "Laid out by ModelParallel over 2 devices: each device holds a part of the weights" in report.per_replica
