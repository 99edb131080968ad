"""Facts about an error Keras or TensorFlow raised: which known message it is, and its numbers.

The table holds the messages the current releases really raise (Keras 3.15,
TensorFlow 2.21, scikit-learn 1.9, scikeras 0.13); tests/test_explain.py and
tests/test_search_hooks.py trigger every one with a tiny model,
so a message that changes in a new release shows up as a failing test. No
judgement here: `kerasdoctor.explanations` turns a match into words.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_SHAPE = r"\((?:None|\d+|, ?|\s)*\)"   # a printed shape: (None, 75), (75,), ()
_ANSI = re.compile(r"\x1b\[[0-9;]*m")   # Keras bolds the inner message of a layer-call error


@dataclass(frozen=True)
class KnownError:
    code: str                 # the finding code the message usually means
    pattern: re.Pattern
    source: str               # where Keras/TensorFlow raises it, for whoever updates the table
    through: str = ""         # a generic message counts only when the traceback passes through this package


@dataclass(frozen=True)
class ErrorFacts:
    code: str
    fields: dict = field(default_factory=dict)   # the numbers in the message: shapes, labels


def _known(code: str, pattern: str, source: str, through: str = "") -> KnownError:
    return KnownError(code, re.compile(pattern.replace("SHAPE", _SHAPE), re.DOTALL), source, through)


KNOWN_ERRORS: tuple[KnownError, ...] = (
    # A functional model's input check, raised inside the first train step when a
    # tf.data element lacks the batch axis. KD101 when the received shape is one
    # example (the expected shape minus its batch axis), else KD104.
    _known("KD101", r"Invalid input shape for input .*? with name '(?P<name>[^']*)'.*?"
                    r"Expected shape (?P<expected>SHAPE), but input has incompatible shape (?P<got>SHAPE)",
           "keras/src/models/functional.py, Functional._adjust_input_rank"),
    _known("KD104", r"Input (?P<index>\d+) with name '(?P<name>[^']*)' of layer '(?P<layer>[^']*)' is "
                    r"incompatible with the layer: expected shape=(?P<expected>SHAPE), found shape=(?P<got>SHAPE)",
           "keras/src/layers/input_spec.py, assert_input_compatibility"),
    _known("KD201", r"No loss to compute\. Provide a `loss` argument in `compile\(\)`",
           "keras/src/trainers/trainer.py, Trainer._compute_loss"),
    _known("KD202", r"You must call `compile\(\)` before using the model",
           "keras/src/trainers/trainer.py, Trainer._assert_compile_called"),
    # keras.ops.sparse_categorical_crossentropy: targets one rank below outputs
    _known("KD203", r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`\. "
                    r"Received: target\.shape=(?P<target>SHAPE), output\.shape=(?P<output>SHAPE)",
           "keras/src/backend/tensorflow/nn.py, sparse_categorical_crossentropy"),
    # keras.ops.categorical_crossentropy: targets must match the outputs
    _known("KD204", r"Arguments `target` and `output` must have the same (?:rank \(ndim\)|shape)\. "
                    r"Received: target\.shape=(?P<target>SHAPE), output\.shape=(?P<output>SHAPE)",
           "keras/src/backend/tensorflow/nn.py, categorical_crossentropy"),
    # TensorFlow's SparseSoftmaxCrossEntropyWithLogits kernel, surfaced as InvalidArgumentError
    _known("KD205", r"Received a label value of (?P<label>-?\d+) which is outside the valid range of "
                    r"\[0, (?P<classes>\d+)\)",
           "tensorflow/core/kernels/sparse_xent_op.cc"),
    # scikeras decodes predictions with the label encoder it fitted on the training
    # part of a fold; when that part lacked classes, the model's argmax can be an
    # output the encoder has no label for. NumPy's message, raised by
    # OrdinalEncoder.inverse_transform, so only when scikeras is on the way.
    _known("KD302", r"index (?P<index>\d+) is out of bounds for axis 0 with size (?P<size>\d+)",
           "scikeras/utils/transformers.py, ClassifierLabelEncoder.inverse_transform", through="scikeras"),
)


def _passes_through(error: BaseException, package: str) -> bool:
    tb = error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name == package or name.startswith(package + "."):
            return True
        tb = tb.tb_next
    return False


def _shape(text: str) -> tuple:
    value = ast.literal_eval(text)
    return tuple(value) if isinstance(value, tuple) else (value,)


def error_facts(error: BaseException) -> ErrorFacts | None:
    """The known error this is, with the shapes and numbers its message gives; None if unknown."""
    message = _ANSI.sub("", str(error))
    for known in KNOWN_ERRORS:
        match = known.pattern.search(message)
        if match is None or (known.through and not _passes_through(error, known.through)):
            continue
        fields = {}
        for key, value in match.groupdict().items():
            if key in ("expected", "got", "target", "output"):
                fields[key] = _shape(value)
            elif key in ("label", "classes", "index", "size"):
                fields[key] = int(value)
            else:
                fields[key] = value
        code = known.code
        if code == "KD101" and fields["got"] != fields["expected"][1:]:
            code = "KD104"   # not one example's shape: the examples themselves are the wrong shape
        return ErrorFacts(code, fields)
    return None
