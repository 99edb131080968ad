"""Facts about a Keras model: its inputs, outputs and compile state."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .heads import RecurrentFacts, layers_behind, output_activation, producer, recurrent_along
from .losses import OutputLosses, losses_per_output


@dataclass(frozen=True)
class InputFacts:
    index: int
    key: str  # the key fit() looks for when the data is a dict
    name: str  # the name users see in summary(): the key, or the InputLayer's name
    shape: tuple  # full shape, batch axis first: (None, 75)
    dtype: str
    inferred: bool = False  # not declared by the model: inferred from the data (`facts.symbolic`)

    @property
    def example_shape(self) -> tuple:
        return tuple(self.shape[1:])

    @property
    def where(self) -> str:
        if self.inferred:
            return f"the model's input {self.index} (built for the data: the model declares none)"
        return f"model.inputs[{self.index}] ({self.name!r})"


@dataclass(frozen=True)
class OutputFacts:
    index: int
    name: str  # the output layer's name (the key of a loss dict)
    shape: tuple
    activation: str | None = None  # applied at the output ("softmax", "linear", ...); None: unknown
    recurrent: RecurrentFacts | None = None  # the LSTM/GRU/... whose time axis (kept or not) reaches the output

    @property
    def units(self) -> int | None:
        """The width of the output's last axis (what a classifier's classes map to)."""
        return self.shape[-1] if len(self.shape) > 1 else None

    @property
    def where(self) -> str:
        return f"model.outputs[{self.index}] ({self.name!r})"


@dataclass
class ModelFacts:
    model: Any = field(repr=False)
    name: str
    kind: str  # "sequential" | "functional" | "subclassed"
    inputs: list[InputFacts] | None  # None: not known before the model is built
    inputs_by_name: bool  # the model was built from a dict of Inputs
    outputs: list[OutputFacts] | None
    compiled: bool
    loss: Any  # what compile() received as `loss`
    custom_training: str | None  # the overridden method that may supply a loss itself
    # inputs and outputs come from a symbolic build for the data (`facts.symbolic`), not from the model
    symbolic: Any = None

    @cached_property
    def output_losses(self) -> OutputLosses | None:
        """The loss each output gets (`facts.losses.losses_per_output`), resolved once for all the
        checks that need it, on first use (a loss Keras cannot resolve then fails only the checks
        that read it); None while the outputs are not known."""
        if self.outputs is None:
            return None
        return losses_per_output(self.loss, [o.name for o in self.outputs])


def _shape(tensor) -> tuple:
    return tuple(None if d is None else int(d) for d in tensor.shape)


def _tensors(model, attribute: str) -> list | None:
    """``model.inputs`` / ``model.outputs`` as a list of symbolic tensors; None while not known.

    Sequential raises AttributeError until it knows its input shape; subclassed models have no
    ``inputs`` at all, and may use the name for something else (``self.outputs = Dense(3)``).
    """
    try:
        value = getattr(model, attribute)
    except (AttributeError, ValueError):
        return None
    if not isinstance(value, (list, tuple)) or not value:
        return None
    tensors = list(value)
    return tensors if all(hasattr(t, "shape") and hasattr(t, "dtype") for t in tensors) else None


def _input_keys(model, inputs) -> list[str]:
    # Keras matches a dict of data to the keys of a dict-built model, else to
    # the input tensors' names (Functional._standardize_inputs).
    struct = getattr(model, "_inputs_struct", None)
    if isinstance(struct, dict):
        key_of = {id(tensor): key for key, tensor in struct.items()}
        return [str(key_of.get(id(t), t.name)) for t in inputs]
    return [t.name for t in inputs]


def _input_label(key: str, tensor) -> str:
    # An unnamed Input's tensor is called "keras_tensor_N"; its InputLayer's
    # name ("input_layer_3") is the one summary() shows.
    if not key.startswith("keras_tensor"):
        return key
    layer, _ = producer(tensor)
    return layer.name if layer is not None else key


def _output_names(model, outputs) -> list[str]:
    names = getattr(model, "output_names", None)
    if names and len(names) == len(outputs):
        return list(names)
    layers = [producer(t)[0] for t in outputs]
    return [layer.name if layer is not None else f"output_{i}" for i, layer in enumerate(layers)]


def _custom_training(model) -> str | None:
    import keras

    for method in ("train_step", "compute_loss"):
        if getattr(type(model), method, None) is not getattr(keras.Model, method, None):
            return method
    return None


def model_facts(model) -> ModelFacts:
    import keras

    kind = (
        "sequential"
        if isinstance(model, keras.Sequential)
        else "functional"
        if type(model).__name__ == "Functional" or hasattr(model, "_inputs_struct")
        else "subclassed"
    )
    flat_inputs = _tensors(model, "inputs")
    inputs = None
    if flat_inputs is not None:
        keys = _input_keys(model, flat_inputs)
        inputs = [
            InputFacts(i, key, _input_label(key, t), _shape(t), str(t.dtype))
            for i, (key, t) in enumerate(zip(keys, flat_inputs))
        ]
    flat_outputs = _tensors(model, "outputs")
    outputs = None
    if flat_outputs is not None:
        outputs = [
            OutputFacts(i, name, _shape(t), output_activation(t), recurrent_along(layers_behind(t)))
            for i, (name, t) in enumerate(zip(_output_names(model, flat_outputs), flat_outputs))
        ]
    return ModelFacts(
        model=model,
        name=model.name,
        kind=kind,
        inputs=inputs,
        inputs_by_name=isinstance(getattr(model, "_inputs_struct", None), dict),
        outputs=outputs,
        compiled=bool(getattr(model, "compiled", False)),
        loss=getattr(model, "loss", None),
        custom_training=_custom_training(model),
    )


def adds_own_loss(facts: ModelFacts) -> bool:
    """Whether the model has a loss besides compile()'s: a weight regularizer (in ``model.losses``
    without running anything), an ``activity_regularizer``, or a layer whose own code calls ``add_loss``.

    Told from the layers and the code of their classes, never by running the model: a run would
    move a stateful layer, draw from a random one, and fails on inputs zeros cannot stand for (a
    string Input). Keras collects ``add_loss`` losses only when the model runs (a functional model's
    symbolic build records none), which is why the code is read instead.
    """
    model = facts.model
    if model.losses:
        return True
    for layer in _all_layers(model):
        if getattr(layer, "activity_regularizer", None) is not None:
            return True  # Layer.__call__ adds its loss (keras/src/layers/layer.py)
        if any(_reaches(function, "add_loss", set()) for function in _own_functions(layer)):
            return True
    return False


def _all_layers(model) -> list:
    try:
        return list(model._flatten_layers(include_self=True, recursive=True))
    except AttributeError:  # not Keras 3's Layer: its direct layers
        return [model, *getattr(model, "layers", [])]


_LIBRARIES = frozenset({"keras", "tensorflow", "numpy", "optree", *sys.stdlib_module_names})


def _library(obj) -> bool:
    """Whether ``obj`` (a class, a function) is Keras', TensorFlow's, NumPy's or Python's own, not the user's."""
    return (getattr(obj, "__module__", None) or "builtins").split(".")[0] in _LIBRARIES


def _own_functions(layer) -> Iterator[types.FunctionType]:
    """The layer's methods defined outside Keras (its classes' functions and properties), those of the user's
    objects it holds (a regularizer of the user's that calls ``layer.add_loss``), and a Lambda's function."""
    yield from _class_functions(type(layer))
    for value in getattr(layer, "__dict__", {}).values():
        if not isinstance(value, type) and not _library(type(value)):
            yield from _class_functions(type(value))
    function = getattr(layer, "function", None)
    if isinstance(function, types.FunctionType):
        yield function


def _class_functions(cls: type) -> Iterator[types.FunctionType]:
    for klass in cls.__mro__:
        if _library(klass):
            continue
        for value in vars(klass).values():
            for function in (getattr(value, "__func__", value), getattr(value, "fget", None)):
                if isinstance(function, types.FunctionType):
                    yield function


def _reaches(function: types.FunctionType, name: str, seen: set) -> bool:
    """Whether ``function`` names ``name`` (``self.add_loss``), in its own code, its nested functions, or
    a function or class of the user's it names (a helper ``penalize(self, x)``)."""
    if function in seen or len(seen) > 100:
        return False
    seen.add(function)
    codes = [function.__code__]
    while codes:
        code = codes.pop()
        if name in code.co_names:
            return True
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
        for called in code.co_names:  # a function or class of the user's it names: followed
            helper = function.__globals__.get(called)
            if helper is None or _library(helper):
                continue
            helpers = _class_functions(helper) if isinstance(helper, type) else [helper]
            if any(isinstance(h, types.FunctionType) and _reaches(h, name, seen) for h in helpers):
                return True
    return False
