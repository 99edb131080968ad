"""Shared test set-up: silence TensorFlow's start-up logging before it is imported.

TensorFlow is imported once per test session (about 3 s); the tests build tiny
real Keras models and datasets, never mocks.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
