"""Seeded training programs, run plain (``python seeded_training.py OUT``) and hooked (``kerasdoctor run
seeded_training.py OUT``) by tests/test_determinism.py, which compares what each program computed, bit for
bit. Each program reseeds first; OUT receives every program's history, weights and next random draws.

Tiny models and few steps: the point is which numbers come out, not how good they are.
"""

import pickle
import random
import sys

import keras
import numpy as np
import tensorflow as tf
from joblib import Parallel, delayed
from scikeras.wrappers import KerasClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score

rng = np.random.default_rng(0)
X = rng.random((48, 4), dtype="float32")
Y = (X.sum(axis=1) > 2).astype("int64")


def seeded():
    keras.utils.set_random_seed(0)  # Python's random, NumPy's and TensorFlow's global seeds


def classifier(units=1):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(units)])
    model.compile(optimizer="sgd", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    return model


def outcome(model, history):
    draws = [random.random(), np.random.rand(), float(tf.random.uniform(())), float(keras.random.uniform(()))]
    return {"history": history.history, "weights": [w.numpy() for w in model.weights], "draws": draws}


def arrays():
    model = classifier()
    return outcome(model, model.fit(X, Y, batch_size=8, epochs=2, validation_split=0.25, verbose=0))


def datasets():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).shuffle(48, seed=1, reshuffle_each_iteration=False)
    ds = ds.map(lambda x, y: (x + tf.random.uniform(tf.shape(x), seed=2) * 0.01, y)).batch(8)
    model = classifier()
    return outcome(model, model.fit(ds, epochs=2, validation_data=ds.take(1), verbose=0))


class Augmented(keras.utils.PyDataset):
    """Augmentation from every stream a user reaches for: NumPy's global one, a Generator of its own, and a
    Keras random layer."""

    def __init__(self):
        super().__init__()
        self.rng = np.random.default_rng(3)
        self.noise = keras.layers.GaussianNoise(0.1, seed=4)

    def __len__(self):
        return 6

    def __getitem__(self, index):
        rows = np.random.permutation(48)[:8]
        x = X[rows] + self.rng.normal(0, 0.01, (8, 4)).astype("float32")
        return self.noise(x, training=True).numpy(), Y[rows]


def pydataset():
    model = classifier()
    return outcome(model, model.fit(Augmented(), epochs=2, verbose=0))


class Sampling(keras.layers.Layer):
    """A stochastic layer that adds its own loss: the model is compiled without one."""

    def __init__(self):
        super().__init__()
        self.calls = 0
        self.seed_generator = keras.random.SeedGenerator(5)

    def call(self, x):
        self.calls += 1
        noisy = x + keras.random.normal(keras.ops.shape(x), seed=self.seed_generator) * 0.1
        self.add_loss(keras.ops.mean(keras.ops.square(noisy - 1.0)))
        return noisy


def add_loss():
    inputs = keras.Input((4,))
    sampling = Sampling()
    model = keras.Model(inputs, sampling(keras.layers.Dense(4)(inputs)))
    model.compile(optimizer="sgd")
    result = outcome(model, model.fit(X, batch_size=8, epochs=2, verbose=0))
    result["calls"] = sampling.calls
    return result


def searches():
    # KFold(shuffle=True) without a random_state splits with NumPy's global generator: the fold audit
    # must leave it where it was. n_jobs=2 pickles the estimator and cross_val_score to worker processes.
    search = GridSearchCV(SGDClassifier(random_state=0), {"alpha": [1e-4, 1e-2]}, cv=KFold(3, shuffle=True), n_jobs=2)
    search.fit(X, Y)
    wrapped = KerasClassifier(classifier, loss="binary_crossentropy", epochs=1, batch_size=8, random_state=0, verbose=0)
    keras_search = GridSearchCV(wrapped, {"model__units": [1]}, cv=KFold(2, shuffle=True), n_jobs=1).fit(X, Y)
    scores = Parallel(n_jobs=2)(delayed(cross_val_score)(SGDClassifier(random_state=s), X, Y, cv=3) for s in (0, 1))
    return {
        "search": search.cv_results_["mean_test_score"],
        "keras search": keras_search.cv_results_["mean_test_score"],
        "parallel": np.stack(scores),
        "draws": [random.random(), np.random.rand()],
    }


def pickling():
    # the library's own functions, hooked or not, travel to other processes
    return {"pickled": [pickle.loads(pickle.dumps(f)).__name__ for f in (keras.Model.fit, cross_val_score)]}


PROGRAMS = [arrays, datasets, pydataset, add_loss, searches, pickling]

if __name__ == "__main__":
    tf.config.experimental.enable_op_determinism()
    results = {}
    for program in PROGRAMS:
        seeded()
        results[program.__name__] = program()
    with open(sys.argv[1], "wb") as handle:
        pickle.dump(results, handle)
