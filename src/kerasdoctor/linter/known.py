"""What the linter knows about the libraries, as fully qualified names.

Names are normalised so that `tensorflow.keras.X`, `tf_keras.X` and
`keras.src.X` all read `keras.X`: the same API under its different import
paths. Nothing here imports those libraries.
"""

from __future__ import annotations

# Prefix rewrites, longest first; applied at a dotted-name boundary.
_ALIASES = (
    ("tensorflow.python.keras", "keras"),
    ("tensorflow.keras", "keras"),
    ("tf_keras", "keras"),
    ("keras.src", "keras"),
    ("keras.api", "keras"),
)


def normalise(qualname: str) -> str:
    for prefix, replacement in _ALIASES:
        if qualname == prefix or qualname.startswith(prefix + "."):
            return replacement + qualname[len(prefix) :]
    return qualname


# tf.data.Dataset methods that return a new dataset (TF 2.16-2.21 API). Calling
# one and dropping the result does nothing: datasets are immutable.
TRANSFORMATIONS = frozenset(
    {
        "apply",
        "batch",
        "bucket_by_sequence_length",
        "cache",
        "concatenate",
        "enumerate",
        "filter",
        "flat_map",
        "group_by_window",
        "ignore_errors",
        "interleave",
        "map",
        "padded_batch",
        "prefetch",
        "ragged_batch",
        "rebatch",
        "rejection_resample",
        "repeat",
        "scan",
        "shard",
        "shuffle",
        "skip",
        "snapshot",
        "sparse_batch",
        "take",
        "take_while",
        "unbatch",
        "unique",
        "window",
        "with_options",
        "zip",
    }
)
# Those that change the batch structure the model sees: a discarded one is an error.
BATCHING = frozenset(
    {
        "batch",
        "padded_batch",
        "ragged_batch",
        "sparse_batch",
        "bucket_by_sequence_length",
        "unbatch",
        "rebatch",
        "window",
        "group_by_window",
    }
)
# Those after which "still unbatched" is the right word for the untouched dataset.
ADDS_BATCH_AXIS = frozenset({"batch", "padded_batch", "ragged_batch", "sparse_batch", "bucket_by_sequence_length"})

# Static constructors of tf.data.Dataset.
DATASET_CONSTRUCTORS = frozenset(
    {
        "from_tensor_slices",
        "from_tensors",
        "from_generator",
        "range",
        "zip",
        "list_files",
        "load",
        "sample_from_datasets",
        "choose_from_datasets",
        "random",
        "counter",
        "concatenate",
    }
)
_DATA_FUNCTIONS = frozenset(
    {
        "tensorflow.data.experimental.make_csv_dataset",
        "tensorflow.data.experimental.make_batched_features_dataset",
    }
)


def _is_data_class(q: str) -> bool:
    """tensorflow.data.TFRecordDataset, tensorflow.data.experimental.SqlDataset, ... (not Dataset itself)."""
    if not q.startswith("tensorflow.data."):
        return False
    name = q[len("tensorflow.data.") :].removeprefix("experimental.")
    return name.isidentifier() and name.endswith("Dataset") and q != "tensorflow.data.Dataset"


def is_dataset_constructor(q: str) -> bool:
    if q.startswith("tensorflow.data.Dataset."):
        return q.rsplit(".", 1)[1] in DATASET_CONSTRUCTORS
    if _is_data_class(q):
        return True
    if q in _DATA_FUNCTIONS:
        return True
    # keras.utils.image_dataset_from_directory, text_/audio_/timeseries_dataset_from_...,
    # also under keras.preprocessing.
    return q.startswith("keras.") and "_dataset_from_" in q.rsplit(".", 1)[1]


TFDS_LOAD = "tensorflow_datasets.load"

_MODEL_CLASSES = frozenset({"keras.Sequential", "keras.Model", "keras.models.Sequential", "keras.models.Model"})


def is_model_class(q: str) -> bool:
    return q in _MODEL_CLASSES


def is_model_constructor(q: str) -> bool:
    """keras.Sequential(...), keras.Model(...), keras.applications.ResNet50(...): uncompiled models."""
    if q in _MODEL_CLASSES:
        return True
    last = q.rsplit(".", 1)[1]
    return q.startswith("keras.applications.") and last[:1].isupper()


# Keras compiles a loaded model when it was saved compiled (`compile=True` default).
LOAD_MODEL = frozenset({"keras.models.load_model", "keras.saving.load_model"})
CLONE_MODEL = frozenset({"keras.models.clone_model"})

SCIKERAS_WRAPPERS = frozenset({"scikeras.wrappers.KerasClassifier", "scikeras.wrappers.KerasRegressor"})
LEGACY_WRAPPER_MODULE = "keras.wrappers.scikit_learn"
# Keras 2's wrappers (removed in Keras 3; KD307): still wrappers to the rules, which judge the script as it
# will be once the import is fixed, so one pass shows every mistake around them.
LEGACY_WRAPPERS = frozenset({f"{LEGACY_WRAPPER_MODULE}.KerasClassifier", f"{LEGACY_WRAPPER_MODULE}.KerasRegressor"})
# Parameters of scikeras' BaseWrapper itself: a grid may set them without a prefix.
SCIKERAS_OWN_PARAMS = frozenset(
    {
        "model",
        "build_fn",
        "warm_start",
        "random_state",
        "optimizer",
        "loss",
        "metrics",
        "batch_size",
        "validation_batch_size",
        "verbose",
        "callbacks",
        "validation_split",
        "shuffle",
        "run_eagerly",
        "epochs",
        "class_weight",
    }
)

# Keras 3's own scikit-learn wrappers (keras.wrappers), and their four parameters.
KERAS_WRAPPERS = frozenset(
    f"keras.wrappers{module}.SKLearn{kind}"
    for module in ("", ".sklearn_wrapper")
    for kind in ("Classifier", "Regressor", "Transformer")
)
# keras.Model.fit's keyword arguments (Keras 3; tests/lint/test_wrapper_rules.py compares them with
# the installed Keras): a grid key among them belongs in a Keras wrapper's fit_kwargs.
FIT_ARGUMENTS = frozenset(
    {
        "batch_size",
        "epochs",
        "verbose",
        "callbacks",
        "validation_split",
        "validation_data",
        "shuffle",
        "class_weight",
        "sample_weight",
        "initial_epoch",
        "steps_per_epoch",
        "validation_steps",
        "validation_batch_size",
        "validation_freq",
    }
)

SEARCHES = frozenset(
    {
        "sklearn.model_selection.GridSearchCV",
        "sklearn.model_selection.RandomizedSearchCV",
        "sklearn.model_selection.HalvingGridSearchCV",
        "sklearn.model_selection.HalvingRandomSearchCV",
    }
)
CV_FUNCTIONS = frozenset(
    {
        "sklearn.model_selection.cross_val_score",
        "sklearn.model_selection.cross_validate",
        "sklearn.model_selection.cross_val_predict",
    }
)
TRAIN_TEST_SPLIT = "sklearn.model_selection.train_test_split"

ONE_HOT = frozenset(
    {
        "keras.utils.to_categorical",
        "keras.utils.np_utils.to_categorical",
        "tensorflow.one_hot",
    }
)
ARGMAX = frozenset({"numpy.argmax", "tensorflow.argmax", "tensorflow.math.argmax", "keras.ops.argmax"})
# keras.datasets.<name>.load_data() returns ((x_train, y_train), (x_test, y_test))
# with integer class ids as targets.
_INTEGER_LABEL_DATASETS = frozenset({"mnist", "fashion_mnist", "cifar10", "cifar100"})


def is_integer_label_loader(q: str) -> bool:
    parts = q.split(".")
    return (
        len(parts) == 4
        and parts[0] == "keras"
        and parts[1] == "datasets"
        and parts[2] in _INTEGER_LABEL_DATASETS
        and parts[3] == "load_data"
    )


def loss_family(name: str) -> str | None:
    """'sparse' or 'categorical' for the categorical cross-entropy losses, in any spelling."""
    key = name.rsplit(".", 1)[-1].replace("_", "").lower()
    if key == "sparsecategoricalcrossentropy":
        return "sparse"
    if key == "categoricalcrossentropy":
        return "categorical"
    return None
