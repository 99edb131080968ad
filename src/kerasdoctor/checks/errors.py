"""The Keras/TensorFlow/scikeras errors kerasdoctor recognises, and the code each one means.

Each row is a detector (`codes.detects` kind ERROR_PATTERN): the message as
the current releases really raise it (Keras 3.15, TensorFlow 2.21,
scikit-learn 1.9, scikeras 0.13), the codes whose runtime findings explain
it best, and the wording that turns the message's own numbers into a
finding when no check found it. tests/test_explain.py and
tests/test_search_hooks.py trigger every one with a tiny model, so a message
that changes in a new release shows up as a failing test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..codes import cv, data, distribution, migration, targets
from ..codes.registry import ERROR_PATTERN, Code, register
from ..facts.errors import ErrorPattern, error_pattern, message_fields
from ..facts.layouts import is_batch_sharding
from ..findings import Finding


@dataclass(frozen=True)
class KnownError:
    code: Code
    pattern: ErrorPattern
    words: Callable[[dict, str], Finding]  # the finding from the message's fields and the model's name
    related: tuple[Code, ...] = ()  # other codes whose runtime findings explain it too
    refine: Callable[[dict], Code] | None = None  # the code these fields really mean, when it depends on them


@dataclass(frozen=True)
class Recognised:
    known: KnownError
    code: Code
    fields: dict

    @property
    def explained_by(self) -> tuple[Code, ...]:
        """The codes whose findings explain this error, best first: its own, then the related ones."""
        return (self.code,) + tuple(c for c in (self.known.code, *self.known.related) if c is not self.code)

    def finding(self, name: str) -> Finding:
        return self.known.words(self.fields, name)


KNOWN_ERRORS: list[KnownError] = []


def _known(
    code: Code, regex: str, source: str, words, related: tuple[Code, ...] = (), through: str = "", refine=None
) -> None:
    known = KnownError(code, error_pattern(regex, source, through), words, related, refine)
    KNOWN_ERRORS.append(known)
    register(ERROR_PATTERN, source, (code,), known)


def _one_example(f: dict) -> Code:
    # KD101 when the received shape is one example (the expected shape minus its batch axis), else KD104
    return data.KD101 if f["got"] == f["expected"][1:] else data.KD104


def _input_words(f: dict, name: str) -> Finding:
    if _one_example(f) is data.KD101:
        return data.unbatched_in_error(input_name=f["name"], expected=f["expected"], got=f["got"])
    return data.input_shape_in_error(input_name=f.get("name", "?"), expected=f["expected"], got=f["got"])


# A functional model's input check, raised inside the first train step when a
# tf.data element lacks the batch axis.
_known(
    data.KD101,
    r"Invalid input shape for input .*? with name '(?P<name>[^']*)'.*?"
    r"Expected shape (?P<expected>SHAPE), but input has incompatible shape (?P<got>SHAPE)",
    "keras/src/models/functional.py, Functional._adjust_input_rank",
    _input_words,
    related=(data.KD103, data.KD104, data.KD105),
    refine=_one_example,
)
_known(
    data.KD104,
    r"Input (?P<index>\d+) with name '(?P<name>[^']*)' of layer '(?P<layer>[^']*)' is "
    r"incompatible with the layer: expected shape=(?P<expected>SHAPE), found shape=(?P<got>SHAPE)",
    "keras/src/layers/input_spec.py, assert_input_compatibility",
    lambda f, m: data.input_shape_in_error(input_name=f["name"], expected=f["expected"], got=f["got"]),
    related=(data.KD101, data.KD103, data.KD105),
)
# A layer's InputSpec refuses the rank it is given: an LSTM fed 2-D data, a Conv2D fed images without a channel
# axis. Raised while the model is built: at construction with keras.Input, in fit() without.
_known(
    data.KD104,
    r"Input (?P<index>\d+) with name '(?P<name>[^']*)' of layer '(?P<layer>[^']*)' is incompatible with the "
    r"layer: expected (?:min_)?ndim=(?P<ndim>\d+), found ndim=(?P<found>\d+)\. Full shape received: (?P<got>SHAPE)",
    "keras/src/layers/input_spec.py, assert_input_compatibility",
    lambda f, m: data.input_rank_mismatch(
        layer=f["layer"], kind=None, expected=f["ndim"], got=f["got"], name="x", source=None, model=m
    ),
    related=(data.KD101,),
)
# A convolution or pooling window larger than the feature map that reaches it (symbolic shapes, at build time).
_known(
    data.KD104,
    r"Computed output size would be zero or negative\. Received:? `inputs[ .]shape=(?P<shape>SHAPE)`, "
    r"`(?:kernel shape|pool_size)=(?P<kernel>SHAPE)`",
    "keras/src/ops/operation_utils.py, compute_conv_output_shape / compute_pooling_output_shape",
    lambda f, m: data.input_too_small(layer=None, shape=f["shape"], kernel=f["kernel"], source=None),
)
# TensorFlow's kernel shape check, when the real input differs from the declared one: a single image
# (28, 28, 1) passed to a model declaring Input((28, 28, 1)) runs as a batch of 28 of (28, 1, 1).
_known(
    data.KD101,
    r"Negative dimension size caused by subtracting (?P<window>\d+) from (?P<size>\d+) .*?"
    r"with input shapes: (?P<shape>SHAPE)",
    "tensorflow/core/framework/common_shape_fns.cc, GetWindowedOutputSizeFromDims",
    lambda f, m: data.negative_size_in_error(window=f["window"], size=f["size"], shape=f["shape"]),
    related=(data.KD104,),
)
# Keras' array adapter: x, y and sample_weight (or a validation tuple) of different lengths.
_known(
    data.KD109,
    r"Data cardinality is ambiguous\..*?(?P<sizes>'[^']+' sizes:.*)",
    "keras/src/trainers/data_adapters/data_adapter_utils.py, check_data_cardinality",
    lambda f, m: data.sample_count_in_error(sizes=_sizes(f["sizes"])),
)
# tf.data.Dataset.from_tensor_slices((x, y)) with x and y of different lengths, raised where the dataset is made.
_known(
    data.KD109,
    r"Dimensions (?P<first>\d+) and (?P<second>\d+) are not compatible",
    "tensorflow/python/data/ops/from_tensor_slices_op.py (TensorShape.merge_with)",
    lambda f, m: data.sample_count_in_error(sizes={"one of the arrays": f["first"], "another": f["second"]}),
    through="tensorflow.python.data",
)
# Keras 3's data adapters take arrays, tensors, DataFrames or datasets: a Python list of numbers is flattened
# as a structure down to its numbers, which none of them takes (Keras prints x, whichever part was the list).
_known(
    data.KD111,
    r"Unrecognized data type: x=.*\(of type <class '(?P<kind>[\w.]+)'>\)",
    "keras/src/trainers/data_adapters/__init__.py, get_data_adapter",
    lambda f, m: data.python_list_in_error(kind=f["kind"]),
)
# range(steps_per_epoch) (or epochs, steps) with a float: Keras 3's epoch iterator and fit loop.
_known(
    data.KD117,
    r"'float' object cannot be interpreted as an integer",
    "keras/src/trainers/epoch_iterator.py, EpochIterator._enumerate_iterator (and the fit loop's range(epochs))",
    lambda f, m: data.non_integer_in_error(),
    through="keras",
)
_known(
    targets.KD201,
    r"No loss to compute\. Provide a `loss` argument in `compile\(\)`",
    "keras/src/trainers/trainer.py, Trainer._compute_loss",
    lambda f, m: targets.missing_loss_in_error(name=m),
)
_known(
    targets.KD202,
    r"You must call `compile\(\)` before using the model",
    "keras/src/trainers/trainer.py, Trainer._assert_compile_called",
    lambda f, m: targets.not_compiled_in_error(name=m),
)
# keras.ops.sparse_categorical_crossentropy: targets one rank below outputs
_known(
    targets.KD203,
    r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`\. "
    r"Received: target\.shape=(?P<target>SHAPE), output\.shape=(?P<output>SHAPE)",
    "keras/src/backend/tensorflow/nn.py, sparse_categorical_crossentropy",
    lambda f, m: targets.onehot_with_sparse_loss_in_error(name=m, target=f["target"], output=f["output"]),
    related=(targets.KD206,),
)
# keras.ops.categorical_crossentropy: targets must match the outputs
_known(
    targets.KD204,
    r"Arguments `target` and `output` must have the same (?:rank \(ndim\)|shape)\. "
    r"Received: target\.shape=(?P<target>SHAPE), output\.shape=(?P<output>SHAPE)",
    "keras/src/backend/tensorflow/nn.py, categorical_crossentropy",
    lambda f, m: targets.ids_with_categorical_loss_in_error(name=m, target=f["target"], output=f["output"]),
    related=(targets.KD206,),
)
# TensorFlow's SparseSoftmaxCrossEntropyWithLogits kernel, surfaced as InvalidArgumentError
_known(
    targets.KD205,
    r"Received a label value of (?P<label>-?\d+) which is outside the valid range of "
    r"\[0, (?P<classes>\d+)\)",
    "tensorflow/core/kernels/sparse_xent_op.cc",
    lambda f, m: targets.labels_out_of_range_in_error(label=f["label"], classes=f["classes"], name=m),
    related=(targets.KD206,),
)
# scikeras decodes predictions with the label encoder it fitted on the training
# part of a fold; when that part lacked classes, the model's argmax can be an
# output the encoder has no label for. NumPy's message, raised by
# OrdinalEncoder.inverse_transform, so only when scikeras is on the way.
_known(
    cv.KD302,
    r"index (?P<index>\d+) is out of bounds for axis 0 with size (?P<size>\d+)",
    "scikeras/utils/transformers.py, ClassifierLabelEncoder.inverse_transform",
    lambda f, m: cv.class_missing_in_error(index=f["index"], size=f["size"]),
    through="scikeras",
)


# ---- training on many devices (KD6xx) ----------------------------------------------
# A model created outside `strategy.scope()`, compiled and fitted inside it (keras optimizer.py,
# add_variable_from_reference, through tf.distribute's colocate_vars_with).
_known(
    distribution.KD601,
    r"(?P<error>`colocate_vars_with` must only be passed a variable created in this "
    r"tf\.distribute\.Strategy\.scope\(\))",
    "tensorflow/python/distribute/distribute_lib.py, StrategyExtendedV2.colocate_vars_with",
    lambda f, m: distribution.outside_scope_in_error(error=f["error"]),
)
# An optimizer (or a model) made outside the scope of the strategy fit() runs under.
_known(
    distribution.KD601,
    r"(?P<error>Mixing different tf\.distribute\.Strategy objects)",
    "tensorflow/python/distribute/distribute_lib.py, _wrong_strategy_scope",
    lambda f, m: distribution.outside_scope_in_error(error=f["error"]),
)
# A model created outside the scope and compiled inside it, fitted outside: the optimizer is the strategy's.
_known(
    distribution.KD601,
    r'(?P<error>Need to be inside "with strategy\.scope\(\)") for',
    "tensorflow/python/distribute/distribute_lib.py, _wrong_strategy_scope / _assert_strategy",
    lambda f, m: distribution.outside_scope_in_error(error=f["error"]),
)
# A distributed dataset fed to a model created outside every strategy: its layers get PerReplica values.
_known(
    distribution.KD601,
    r"(?P<error>Only input tensors may be passed as positional arguments)\..*?of type <class "
    r"'tensorflow\.python\.distribute\.values\.PerReplica'>",
    "keras/src/layers/layer.py, Layer.__call__",
    lambda f, m: distribution.outside_scope_in_error(error=f["error"]),
)
# JAX: a model built before keras.distribution.set_distribution, trained after it.
_known(
    distribution.KD601,
    r"(?P<error>Received incompatible devices for jitted computation)",
    "jax/_src/interpreters/pxla.py, _get_and_check_device_assignment",
    lambda f, m: distribution.outside_scope_in_error(error=f["error"], layout=True),
)
# Keras 3 builds a model made in a strategy from the mean of the replicas' first batches
# (TensorFlowTrainer._maybe_symbolic_build, strategy.reduce): batches of different sizes fail to add up.
_known(
    distribution.KD602,
    r"Inputs to operation AddN of type AddN must have the same size and shape\.\s+"
    r"Input 0: \[(?P<first>\d+)(?P<rest>(?:,\d+)*)\] != input 1: \[(?P<second>\d+)(?P=rest)\]",
    "keras/src/backend/tensorflow/trainer.py, TensorFlowTrainer._maybe_symbolic_build",
    lambda f, m: distribution.uneven_replicas_in_error(first=f["first"], second=f["second"]),
)
# tf.distribute cannot find the batch size of an unbatched dataset to split (compute_batch_size).
_known(
    data.KD101,
    r"list index out of range",
    "tensorflow/python/data/experimental/ops/distribute.py, compute_batch_size",
    lambda f, m: data.unbatched_in_distribution_error(),
    through="tensorflow.python.data.experimental.ops.distribute",
)
# JAX shards an array evenly over a mesh axis: a batch (KD602) or a weight (KD604) it does not divide.
_known(
    distribution.KD604,
    r"spec=P\((?P<spec>[^)]*)\).*?implies that array axis (?P<axis>\d+) is partitioned (?P<parts>\d+) times, "
    r"but the dimension size is (?P<size>\d+) \(full shape: (?P<shape>SHAPE)",
    "jax/_src/sharding_impls.py, IndivisibleError",
    lambda f, m: distribution.indivisible_in_error(batch=is_batch_sharding(f["spec"], f["axis"]), **f),
    related=(distribution.KD602,),
    refine=lambda f: distribution.KD602 if is_batch_sharding(f["spec"], f["axis"]) else distribution.KD604,
)


# KD501: Keras 2 arguments Keras 3 refuses. fit, predict and compile take no **kwargs, so Python's TypeError names
# the method; evaluate takes them and refuses them itself (keras/src/backend/tensorflow/trainer.py).
def _removed_argument(method: str):
    def words(f: dict, model: str) -> Finding:
        from .migration import removed_training_arguments

        return removed_training_arguments(method, {f["name"]: ...}, name=model)

    return words


for _method, _message in (
    ("fit", r"\.fit\(\) got an unexpected keyword argument '{}'"),
    ("predict", r"\.predict\(\) got an unexpected keyword argument '{}'"),
    ("compile", r"\.compile\(\) got an unexpected keyword argument '{}'"),
    ("evaluate", r"Arguments not recognized: \{{'{}'"),
):
    _names = "|".join(migration.REMOVED_ARGUMENTS[_method])
    _known(
        migration.KD501,
        _message.format(f"(?P<name>{_names})"),
        f"keras.Model.{_method}: TensorFlowTrainer.{_method}"
        + (" raises it" if _method == "evaluate" else " has no **kwargs (Python's TypeError)"),
        _removed_argument(_method),
    )


def _sizes(text: str) -> dict[str, int]:
    """{"'x'": 100, "'y'": 90} from Keras' "'x' sizes: 100\n'y' sizes: 90" (several sizes: one per array)."""
    found = {}
    for what, numbers in re.findall(r"'([^']+)' sizes: ([\d, ]+)", text):
        for i, n in enumerate(numbers.replace(",", " ").split()):
            found[what if len(numbers.split(",")) == 1 else f"{what}[{i}]"] = int(n)
    return found


def recognise(error: BaseException) -> Recognised | None:
    """The known error this is, with the numbers its message gives; None if unknown."""
    for known in KNOWN_ERRORS:
        fields = message_fields(error, known.pattern)
        if fields is not None:
            return Recognised(known, known.refine(fields) if known.refine else known.code, fields)
    return None
