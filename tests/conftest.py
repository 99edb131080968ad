"""Shared test set-up: silence TensorFlow's start-up logging before it is imported, and give the tests that
train on many devices two logical CPU devices.

TensorFlow is imported once per test session (about 3 s); the tests build tiny
real Keras models and datasets, never mocks. Tests run on the backend
KERAS_BACKEND names (TensorFlow by default); CI runs the backend-independent
ones again under JAX (`-m "backend_independent or jax_backend"`).
"""

import os
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

BACKEND = os.environ["KERAS_BACKEND"]
DEVICES = 2  # logical CPU devices for the `distributed` tests: two replicas, as two GPUs would give


def configure_devices(count: int = DEVICES) -> None:
    """Split the CPU into ``count`` logical devices, for TensorFlow (and JAX when it is the backend).

    Both must be told before their runtime starts: TensorFlow raises "Virtual devices cannot be modified
    after being initialized" later, but accepts the very same configuration again (context.py compares it
    first), which is what lets a KD6xx example configure its devices at its top, as a user's script does,
    both on its own and in this process. Importing TensorFlow or Keras starts neither runtime.
    """
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * count)
    if BACKEND == "jax":
        import jax

        jax.config.update("jax_num_cpu_devices", count)


def pytest_collection_modifyitems(config, items):
    """Skip, with the reason, the tests that rely on a backend other than the one running."""
    for item in items:
        for marker, backend in (("tensorflow_backend", "tensorflow"), ("jax_backend", "jax")):
            if item.get_closest_marker(marker) and BACKEND != backend:
                item.add_marker(pytest.mark.skip(reason=f"relies on the {backend} backend; this run is {BACKEND}"))


def pytest_collection_finish(session):
    """Two logical devices, once, before any test runs, when a collected test needs them (a run of the lint
    tests alone never imports TensorFlow)."""
    if any(item.get_closest_marker("distributed") for item in session.items):
        try:
            configure_devices()
        except RuntimeError as error:  # a test module started TensorFlow while it was collected
            raise pytest.UsageError(f"cannot give the distributed tests {DEVICES} devices: {error}") from error


@pytest.fixture(autouse=True)
def _no_global_seed_leaks_between_tests():
    """A test (or a recipe it loads) may call keras.utils.set_random_seed; a global
    TF seed changes how later datasets shuffle, so each test starts without one."""
    yield
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        tf.random.set_seed(None)
