"""A symbolic build of a model that declares no input shape, for the input the data shows.

Keras 3 builds such a model (a Sequential without ``keras.Input``, a Keras 2-era
first layer whose ``Embedding(input_length=...)`` Keras 3 ignores, a subclassed
model) when ``fit()`` sees the first batch. kerasdoctor works out the same build
from the data (`example_inputs`: arrays, a dataset's ``element_spec``, a
``PyDataset``'s batch 0), never on the user's model itself:

- a Sequential model is walked layer by layer with each layer's own
  ``input_spec`` check (Keras' ``assert_input_compatibility``, the check whose
  "expected ndim=3, found ndim=2" fit() would raise) and ``compute_output_spec``,
  which only computes shapes: no layer is built, no weight is created. A layer
  that cannot compute its output shape unbuilt (a custom layer without
  ``compute_output_shape``) is re-created from its config and that copy is
  called symbolically;
- a subclassed model that is not built is re-created from its config (as
  ``keras.models.clone_model`` does, or from the arguments its constructor was
  given) and the copy is called symbolically; one that is built (``build()`` or
  an earlier fit) has its ``compute_output_spec`` traced for the inferred input,
  which builds nothing and, inside a StatelessScope, changes no weight.

Copies are built inside ``keras.StatelessScope(initialize_variables=False)``, so
their weights are never initialised, and `_isolated` puts back the global state
a copy changes for the rest of the program: Python's ``random`` (each new layer
draws its initializers' seeds from it), Keras' automatic names (the user's next
``Dense`` stays ``dense_3``) and Keras' list of weights waiting to be
initialised. A seeded program computes the same with and without this build.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from .data import DataFacts, Leaf, flatten
from .heads import activation_along, recurrent_along
from .model import InputFacts, OutputFacts
from .pairing import dataset_elements_batched

INFERRED_INPUT = "input_layer"  # the name Keras gives the InputLayer it adds when it builds a Sequential


@dataclass(frozen=True)
class SymbolicBuild:
    """What the model becomes for the inferred input (or why it could not be inferred)."""

    source: str  # what the input was inferred from: "x", "validation_data", "the model's build()"
    example: object = None  # the per-example input: a Leaf, or a list/dict of them
    inputs: list[InputFacts] | None = None
    outputs: list[OutputFacts] | None = None
    error: BaseException | None = None  # what Keras raises building the model for this input
    layer: str | None = None  # the layer that raised it
    layer_kind: str | None = None  # its class: "LSTM", "Conv2D"
    reason: str | None = None  # why no input could be inferred


def _example(leaf: Leaf, batched: bool) -> Leaf | None:
    if leaf.shape is None or (batched and not leaf.shape):
        return None
    return Leaf(tuple(leaf.shape[1:]) if batched else tuple(leaf.shape), leaf.dtype)


def example_inputs(data: DataFacts | None):
    """One example of the model's input as ``data`` holds it (a Leaf, or a list/tuple/dict of them);
    a str saying why it cannot be told."""
    if data is None or data.not_inspected or data.x is None:
        reason = data.not_inspected if data is not None and data.not_inspected else "no data was given"
        return f"{data.where if data else 'x'} was not inspected ({reason})"
    batched = dataset_elements_batched(data) if data.kind == "dataset" else True

    def walk(node):
        if isinstance(node, Leaf):
            found = _example(node, batched)
            if found is None:
                raise ValueError(f"{data.where} holds an array of unknown or zero rank")
            return found
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return type(node)(walk(v) for v in node)

    try:
        return walk(data.x)
    except ValueError as error:
        return str(error)


def _build_config_example(model):
    """The input shape a built subclassed model was built with (``model.build(shape)`` or a fit)."""
    try:
        shape = (model.get_build_config() or {}).get("input_shape")
    except Exception:  # a custom get_build_config: nothing to learn from it
        return None
    if not isinstance(shape, (tuple, list)) or not shape or not all(d is None or isinstance(d, int) for d in shape):
        return None
    return Leaf(tuple(shape[1:]), None)


def symbolic_build(model, data: DataFacts | None, kind: str) -> SymbolicBuild:
    """The build Keras will make of ``model`` (``kind``: "sequential" | "subclassed" | ...) for ``data``."""
    example, source = example_inputs(data), data.where if data is not None else "x"
    if isinstance(example, str) and kind == "subclassed" and _fully_built(model):
        built = _build_config_example(model)
        if built is not None:
            example, source = built, "the shape the model was built with"
    if isinstance(example, str):
        return SymbolicBuild(source, reason=example)
    if kind == "sequential":
        leaves = flatten(example)
        if len(leaves) != 1:
            return SymbolicBuild(
                source, example, reason=f"{source} holds {len(leaves)} inputs, and a Sequential model takes one"
            )
        return _walk_sequential(model, leaves[0][1], source)
    return _build_subclassed(model, example, source)


# ---- Sequential: shapes layer by layer ---------------------------------------------------------


def _walk_sequential(model, example: Leaf, source: str) -> SymbolicBuild:
    layers = list(model.layers)
    if not layers:
        return SymbolicBuild(source, example, reason=f"Sequential model {model.name!r} has no layers")
    # Sequential.build: an InputLayer of the first layer's compute dtype, then every layer in turn
    dtype = layers[0].compute_dtype
    inputs = [InputFacts(0, INFERRED_INPUT, INFERRED_INPUT, (None, *example.shape), dtype, inferred=True)]
    tensor = _Spec((None, *example.shape), dtype)
    with _isolated():
        for layer in layers:
            try:
                tensor = _layer_output(layer, tensor)
            except Exception as error:  # what fit() will raise building the model
                kind = type(layer).__name__
                return SymbolicBuild(source, example, inputs, error=error, layer=layer.name, layer_kind=kind)
            if tensor is None:  # a layer with several outputs: the model's outputs are not known
                return SymbolicBuild(source, example, inputs)
    back = list(reversed(layers))
    output = OutputFacts(0, layers[-1].name, tensor.shape, activation_along(back), recurrent_along(back))
    return SymbolicBuild(source, example, inputs, [output])


class _Spec:
    """A tensor as shapes see it: what Keras' input_spec check and compute_output_shape read."""

    __slots__ = ("shape", "dtype")

    def __init__(self, shape: tuple, dtype):
        self.shape, self.dtype = tuple(shape), dtype


def _layer_output(layer, tensor: _Spec) -> _Spec | None:
    import keras
    from keras.src.layers.input_spec import assert_input_compatibility  # the check Layer.__call__ makes

    if layer.input_spec is not None:
        assert_input_compatibility(layer.input_spec, tensor, layer.name)
    if type(layer).compute_output_shape is not keras.layers.Layer.compute_output_shape:
        shape = layer.compute_output_shape(tensor.shape)  # a function of the layer's config and the shape
        if isinstance(shape, (tuple, list)) and all(d is None or isinstance(d, int) for d in shape):
            return _Spec(shape, layer.compute_dtype)
        return None
    symbolic = keras.KerasTensor(tensor.shape, dtype=tensor.dtype)
    # a built layer's call is traced in a scratch graph inside the StatelessScope: nothing of it changes;
    # an unbuilt one is copied, and the copy called
    result = layer.compute_output_spec(symbolic) if layer.built else _copy(layer)(symbolic)
    return _Spec(_shape(result), result.dtype) if isinstance(result, keras.KerasTensor) else None


# ---- a copy, called symbolically -------------------------------------------------------------------


def _copy(layer):
    """A new layer (or model) of the same class and config: the user's own is never built here. A subclass
    whose ``__init__`` takes none of the base config's keys (``trainable``, ``dtype``) is re-created from the
    arguments its constructor was given, which Keras records for every layer."""
    try:
        return layer.__class__.from_config(layer.get_config())
    except Exception:
        recorded = getattr(layer, "_auto_config", None)  # Operation.__new__: the constructor's arguments
        if recorded is None:
            raise
        shared = [k for k, v in recorded.config.items() if not _plain(v)]
        if shared:  # a layer given to the constructor: the copy would build the user's own
            raise TypeError(f"its constructor was given {', '.join(shared)}, which a copy would share") from None
        return layer.__class__(**recorded.config)


def _copy_model(model):
    """A copy of a subclassed model, made only when it is sure to be the same model: from the class's own
    get_config, or from the arguments Keras recorded for its constructor when Keras records them for models
    (`_records_model_arguments`), or with no arguments at all when its constructor takes none."""
    import inspect

    import keras

    cls = type(model)
    if cls.get_config is not keras.Model.get_config:
        return cls.from_config(model.get_config())
    if _records_model_arguments():
        return _copy(model)
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    taken = [p.name for p in list(inspect.signature(cls.__init__).parameters.values())[1:] if p.kind not in variadic]
    if taken:
        raise TypeError(
            f"its constructor takes {', '.join(taken)}, and Keras records the defaults of a subclassed model's "
            "constructor, not the arguments it was given, so a copy could differ from it"
        )
    return cls()


_RECORDS: list[bool] = []


def _records_model_arguments() -> bool:
    """Whether Keras records the arguments a subclassed model's constructor was given (its auto config).
    Keras 3.15's Model.__new__ does not pass them on: ``Net(classes=2)`` records ``classes=3``, the default.
    Asked once of a probe model, so a Keras that fixes it is trusted by itself."""
    if not _RECORDS:
        import keras

        class Probe(keras.Model):
            def __init__(self, n=1):
                super().__init__()

        with _isolated():
            recorded = getattr(Probe(n=2), "_auto_config", None)
        _RECORDS.append(recorded is not None and recorded.config.get("n") == 2)
    return _RECORDS[0]


def _fully_built(model) -> bool:
    """Whether every layer of the model is built, Keras' own test before fit() (Trainer._symbolic_build):
    ``model.build(shape)`` marks a subclassed model built without building the layers its call() uses."""
    try:
        return model.built and all(layer.built for layer in model._flatten_layers())
    except Exception:  # a Keras without _flatten_layers: take it as unbuilt, and copy it
        return False


def _plain(value) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(map(_plain, value))
    return isinstance(value, dict) and all(_plain(k) and _plain(v) for k, v in value.items())


def _build_subclassed(model, example, source: str) -> SymbolicBuild:
    import keras

    if _fully_built(model):
        copy = model  # traced, not called: compute_output_spec builds nothing (see the module's docstring)
    else:
        try:
            with _isolated():
                copy = _copy_model(model)
        except Exception as error:
            said = " ".join(str(error).split())
            first = said.split(". ")[0].rstrip(".")[:200]
            return SymbolicBuild(
                source,
                example,
                reason=f"{type(model).__name__} cannot be re-created from its config to be built apart from your "
                f"model ({first})",
            )

    def symbolic(node):
        if isinstance(node, Leaf):
            return keras.KerasTensor((None, *node.shape), dtype=node.dtype or "float32")
        if isinstance(node, dict):
            return {k: symbolic(v) for k, v in node.items()}
        return type(node)(symbolic(v) for v in node)

    inputs = []
    for i, (path, leaf) in enumerate(flatten(example)):
        key = _key(example, path, i)
        inputs.append(InputFacts(i, key, key, (None, *leaf.shape), leaf.dtype or "float32", inferred=True))
    with _isolated():
        try:
            result = copy.compute_output_spec(symbolic(example)) if copy is model else copy(symbolic(example))
        except Exception as error:
            return SymbolicBuild(
                source, example, inputs, error=error, layer=model.name, layer_kind=type(model).__name__
            )
    outputs = _outputs(result)
    return SymbolicBuild(source, example, inputs, outputs)


def _key(example, path: str, index: int) -> str:
    """An inferred input's key: the data's dict key, else Keras' name for an added input."""
    if isinstance(example, dict) and path.startswith("["):
        return str(next(k for k in example if f"[{k!r}]" == path))
    return INFERRED_INPUT if index == 0 else f"{INFERRED_INPUT}_{index}"


def _outputs(result) -> list[OutputFacts] | None:
    import keras

    if isinstance(result, keras.KerasTensor):
        return [OutputFacts(0, "output_0", _shape(result))]
    if isinstance(result, dict):
        items = list(result.items())
    elif isinstance(result, (list, tuple)):
        items = [(f"output_{i}", t) for i, t in enumerate(result)]
    else:
        return None
    if not all(isinstance(t, keras.KerasTensor) for _, t in items):
        return None
    return [OutputFacts(i, str(name), _shape(t)) for i, (name, t) in enumerate(items)]


def _shape(tensor) -> tuple:
    return tuple(None if d is None else int(d) for d in tensor.shape)


@contextlib.contextmanager
def _isolated():
    """Build copies without changing what the rest of the program sees: no weight initialised, and
    Python's random state, Keras' automatic names and its list of weights waiting to be initialised
    put back as they were."""
    import random

    import keras
    from keras.src.backend.common import global_state

    random_state = random.getstate()
    names = global_state.get_global_attribute("object_name_uids")
    names_before = dict(names) if names is not None else None
    waiting = global_state.get_global_attribute("uninitialized_variables")
    waiting_before = list(waiting) if waiting is not None else None
    try:
        with keras.StatelessScope(initialize_variables=False):
            yield
    finally:
        random.setstate(random_state)
        if names is None:
            global_state.set_global_attribute("object_name_uids", None)
        else:
            names.clear()
            names.update(names_before)
            global_state.set_global_attribute("object_name_uids", names)
        global_state.set_global_attribute("uninitialized_variables", waiting_before)
