"""Shared test set-up: silence TensorFlow's start-up logging before it is imported, and give the tests that
train on many devices two logical CPU devices.

TensorFlow is imported once per test session (about 3 s); the tests build tiny
real Keras models and datasets, never mocks. Tests run on the backend
KERAS_BACKEND names (TensorFlow by default); CI runs the backend-independent
ones again under JAX (`-m "backend_independent or jax_backend"`).
"""

import importlib.abc
import importlib.machinery
import os
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

BACKEND = os.environ["KERAS_BACKEND"]
DEVICES = 2  # logical CPU devices for the `distributed` tests: two replicas, as two GPUs would give


class _DevicesOnImport(importlib.abc.MetaPathFinder):
    """Split the CPU into DEVICES logical devices the moment TensorFlow (or JAX) is imported, before anything
    can start its runtime: both accept the configuration only before then (TensorFlow raises "Virtual
    devices cannot be modified after being initialized", JAX "should be updated before backends are
    initialized"), and a test module may run a tf.data op while it is collected. Both accept the very same
    configuration again later, which lets a KD6xx example configure its devices at its top, as a user's
    script does, both on its own and in this process. A run that never imports them (the lint tests) pays
    nothing, and the rest of the suite pays nothing measurable for the split (tests/checks/test_data.py and
    test_losses.py: 20.8 and 19.5 s of CPU with two devices, 20.1 and 19.1 s with one), where running the
    strategy tests in a subprocess would pay TensorFlow's ~3 s import again."""

    def find_spec(self, name, path, target=None):
        if name not in ("tensorflow", "jax"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            _configure(name, module)

        spec.loader.exec_module = exec_module
        return spec


def _configure(name, module):
    if name == "tensorflow":
        cpu = module.config.list_physical_devices("CPU")[0]
        module.config.set_logical_device_configuration(cpu, [module.config.LogicalDeviceConfiguration()] * DEVICES)
    else:
        module.config.update("jax_num_cpu_devices", DEVICES)


sys.meta_path.insert(0, _DevicesOnImport())


def pytest_collection_modifyitems(config, items):
    """Skip, with the reason, the tests that rely on a backend other than the one running."""
    for item in items:
        for marker, backend in (("tensorflow_backend", "tensorflow"), ("jax_backend", "jax")):
            if item.get_closest_marker(marker) and BACKEND != backend:
                item.add_marker(pytest.mark.skip(reason=f"relies on the {backend} backend; this run is {BACKEND}"))


@pytest.fixture(autouse=True)
def _no_global_seed_leaks_between_tests():
    """A test (or a recipe it loads) may call keras.utils.set_random_seed; a global
    TF seed changes how later datasets shuffle, so each test starts without one."""
    yield
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        tf.random.set_seed(None)
