"""What Keras 2 (and NumPy 1) code spells that Keras 3.15, TensorFlow 2.21 and NumPy 2 no longer have.

Plain data for the migration rules (`migration_rules`, KD502-KD508).
tests/test_migration.py checks every row against the installed libraries
(each removed thing must really fail, each replacement must exist and, for
`keras.backend`'s math, compute what Keras 2's function computed), so a row
that stops being true fails a test.
"""

from __future__ import annotations

OPTIMIZERS = frozenset(
    {"SGD", "Adam", "AdamW", "Adamax", "Adagrad", "Adadelta", "Adafactor", "Nadam", "RMSprop", "Ftrl", "Lion"}
)
OPTIMIZER_ARGUMENTS = ("lr", "decay", "schedule_decay")
# Keras 3's default learning_rate (0.001 for the others): the schedule's start when `decay=` came without `lr=`.
DEFAULT_LEARNING_RATES = {"SGD": 0.01}

# Modules that neither `keras` nor `tensorflow.keras` has any more (a submodule of one is gone too),
# and where their names live now. A name in NAME_HOME lives there instead.
REMOVED_MODULES = {
    **dict.fromkeys(
        (
            "keras.layers.merge",
            "keras.layers.core",
            "keras.layers.convolutional",
            "keras.layers.convolutional_recurrent",
            "keras.layers.recurrent",
            "keras.layers.cudnn_recurrent",
            "keras.layers.embeddings",
            "keras.layers.normalization",
            "keras.layers.advanced_activations",
            "keras.layers.pooling",
            "keras.layers.wrappers",
            "keras.layers.noise",
            "keras.layers.local",
            "keras.layers.experimental",
            "keras.engine",
        ),
        "keras.layers",
    ),
    **dict.fromkeys(
        (
            "keras.utils.np_utils",
            "keras.utils.generic_utils",
            "keras.utils.vis_utils",
            "keras.utils.data_utils",
            "keras.utils.layer_utils",
        ),
        "keras.utils",
    ),
    "keras.objectives": "keras.losses",
    "keras.callbacks.callbacks": "keras.callbacks",
    "keras.initializers.initializers_v2": "keras.initializers",
    "keras.optimizer_v2": "keras.optimizers",
    "keras.optimizers.legacy": "keras.optimizers",  # importable, but every optimizer in it raises ImportError
}
NAME_HOME = {"Model": "keras.models", "Sequential": "keras.models"}
# Removed modules that still import (their contents raise when used): importing the module object alone is fine.
IMPORTABLE = frozenset({"keras.optimizers.legacy"})

# Modules whose content has no drop-in Keras 3 module: what to write instead.
REWRITTEN_MODULES = {
    "tensorflow.examples.tutorials": (
        "keras.datasets (the MNIST tutorial's input_data is keras.datasets.mnist)",
        "import keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()",
    ),
}

# Names removed from `keras` (Keras 3) but still served by `tensorflow.keras`'s legacy modules:
# reported only when spelled through `keras`.
KERAS_ONLY_MODULES = {
    "keras.preprocessing.text": "tensorflow.keras.preprocessing.text (legacy; keras.layers.TextVectorization "
    "is the Keras 3 way)",
}
KERAS_ONLY_NAMES = {
    "keras.preprocessing.image.ImageDataGenerator": "tensorflow.keras.preprocessing.image",
    "keras.preprocessing.sequence.TimeseriesGenerator": "tensorflow.keras.preprocessing.sequence",
}
KERAS_ONLY_WHY = {
    "ImageDataGenerator": "keras.utils.image_dataset_from_directory and augmentation layers are the Keras 3 way",
    "TimeseriesGenerator": "keras.utils.timeseries_dataset_from_array is the Keras 3 way",
}

# Removed from both spellings: the name that replaces it.
RENAMED_LAYERS = {"keras.layers.CuDNNLSTM": "LSTM", "keras.layers.CuDNNGRU": "GRU"}

# keras.backend's math (Keras 2), gone from `keras.backend` in Keras 3: the keras.ops function computing
# the same, and the axis to give it where Keras 2's default axis differs from keras.ops' default.
BACKEND_OPS = {
    **dict.fromkeys(
        (
            "abs",
            "all",
            "any",
            "binary_crossentropy",
            "cast",
            "categorical_crossentropy",
            "clip",
            "equal",
            "exp",
            "greater",
            "less",
            "log",
            "max",
            "maximum",
            "mean",
            "min",
            "minimum",
            "not_equal",
            "ones_like",
            "prod",
            "reshape",
            "round",
            "sigmoid",
            "sign",
            "softmax",
            "sqrt",
            "square",
            "squeeze",
            "stack",
            "std",
            "stop_gradient",
            "sum",
            "tanh",
            "tile",
            "transpose",
            "var",
            "zeros_like",
        )
    ),
    "argmax": -1,
    "argmin": -1,
    "concatenate": -1,
    "expand_dims": -1,
    "cumsum": 0,
}

# keras.backend keywords that keras.ops names otherwise (None: keras.ops has no such argument; dropped).
_BINARY = {"x": "x1", "y": "x2"}
BACKEND_KEYWORDS = {
    "clip": {"min_value": "x_min", "max_value": "x_max"},
    "concatenate": {"tensors": "xs"},
    "reshape": {"shape": "newshape"},
    "stop_gradient": {"variables": "variable"},
    "tile": {"n": "repeats"},
    "ones_like": {"name": None},
    "zeros_like": {"name": None},
    **dict.fromkeys(("equal", "greater", "less", "maximum", "minimum", "not_equal"), _BINARY),
}

# NumPy names removed in 1.24 (the builtin aliases) and 2.0, with what replaces each.
NUMPY_REMOVED = {
    "float": "float",
    "int": "int",
    "object": "object",
    "str": "str",
    "complex": "complex",
    "unicode": "str",
    "float_": "np.float64",
    "complex_": "np.complex128",
    "cfloat": "np.complex128",
    "singlecomplex": "np.complex64",
    "longfloat": "np.longdouble",
    "unicode_": "np.str_",
    "string_": "np.bytes_",
    "int0": "np.intp",
    "uint0": "np.uintp",
    "bool8": "np.bool_",
    "NaN": "np.nan",
    "Inf": "np.inf",
    "PINF": "np.inf",
    "NINF": "-np.inf",
    "infty": "np.inf",
    "Infinity": "np.inf",
    "product": "np.prod",
    "cumproduct": "np.cumprod",
    "sometrue": "np.any",
    "alltrue": "np.all",
    "round_": "np.round",
    "in1d": "np.isin",
    "trapz": "np.trapezoid",
    "mat": "np.asmatrix",
}

# Layer size arguments Keras 3 checks: layer -> ((position, name, refuses a NumPy integer too), ...).
# A float is refused by each of them (when the layer is made or built); a NumPy integer by those marked.
_CONV = ((0, "filters", False), (1, "kernel_size", True))
_POOL = ((0, "pool_size", True),)
LAYER_SIZES = {
    "Dense": ((0, "units", True),),
    "Embedding": ((0, "input_dim", True), (1, "output_dim", True)),
    "LSTM": ((0, "units", True),),
    "GRU": ((0, "units", True),),
    "SimpleRNN": ((0, "units", True),),
    **dict.fromkeys(("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"), _CONV),
    **dict.fromkeys(("SeparableConv1D", "SeparableConv2D"), _CONV),
    **dict.fromkeys(("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D"), _POOL),
    "MultiHeadAttention": ((0, "num_heads", True), (1, "key_dim", True)),
}
# NumPy functions whose result is a NumPy scalar (for an array argument without axis=).
NUMPY_SCALAR_FUNCTIONS = frozenset(
    {
        "numpy.max",
        "numpy.min",
        "numpy.amax",
        "numpy.amin",
        "numpy.sum",
        "numpy.prod",
        "numpy.argmax",
        "numpy.argmin",
        "numpy.int64",
        "numpy.int32",
        "numpy.float64",
        "numpy.float32",
        "numpy.sqrt",
        "numpy.ceil",
        "numpy.floor",
        "numpy.round",
        "numpy.log2",
    }
)
# Array methods whose result is a NumPy scalar (on a value the source shows to be a NumPy array).
NUMPY_SCALAR_METHODS = frozenset({"max", "min", "sum", "prod", "argmax", "argmin"})
# NumPy functions that return an array (whose .max() is then a NumPy scalar).
NUMPY_ARRAY_FUNCTIONS = frozenset(
    {
        "numpy.array",
        "numpy.asarray",
        "numpy.zeros",
        "numpy.ones",
        "numpy.arange",
        "numpy.load",
        "numpy.loadtxt",
        "numpy.genfromtxt",
        "numpy.concatenate",
        "numpy.unique",
    }
)
