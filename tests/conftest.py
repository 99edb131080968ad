"""Shared test set-up: silence TensorFlow's start-up logging before it is imported.

TensorFlow is imported once per test session (about 3 s); the tests build tiny
real Keras models and datasets, never mocks.
"""

import os
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


@pytest.fixture(autouse=True)
def _no_global_seed_leaks_between_tests():
    """A test (or a recipe it loads) may call keras.utils.set_random_seed; a global
    TF seed changes how later datasets shuffle, so each test starts without one."""
    yield
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        tf.random.set_seed(None)
