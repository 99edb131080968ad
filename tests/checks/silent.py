"""Helpers for the silent-mistake tests (KD110-KD116, KD209, KD210): tiny real models, and pasting a fix."""

import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.preprocessing import LabelEncoder, StandardScaler
from tensorflow import keras


def classifier(features=4, classes=3, loss="sparse_categorical_crossentropy", metrics=None, first=()):
    """Dense softmax classifier on ``features`` inputs (``first``: layers right after the Input); with
    ``classes=1``, one sigmoid unit."""
    activation = "sigmoid" if classes == 1 else "softmax"
    model = keras.Sequential([keras.Input((features,)), *first, keras.layers.Dense(classes, activation=activation)])
    model.compile(optimizer="adam", loss=loss, metrics=metrics)
    return model


def regressor(features=4, loss="mse", metrics=None, first=()):
    model = keras.Sequential([keras.Input((features,)), *first, keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=loss, metrics=metrics)
    return model


def paste(fix: str, **names) -> dict:
    """Run a finding's fix as the user would paste it, with NumPy, pandas, TensorFlow, Keras and
    scikit-learn imported; returns the names afterwards."""
    scope = {
        "np": np,
        "pd": pd,
        "tf": tf,
        "keras": keras,
        "LabelEncoder": LabelEncoder,
        "StandardScaler": StandardScaler,
        **names,
    }
    exec(fix, scope)
    return scope
