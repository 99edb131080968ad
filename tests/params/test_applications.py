"""Every model in keras.applications (weights=None): each row's formula equals the layer's own
count_params(), the totals equal the model's, and no built-in layer falls back to "no formula".

Building all 40 models is the slow part (drawing the random initial values of
~2 billion weights, and graph building for the 800-layer EfficientNets), so:
each model is built once, inside `keras.StatelessScope()` (Keras' public lazy
initialisation: variables get their shapes and dtypes, their initialisers
run only if the variable is used, so counts are exact without the random
draws); at the smallest input size Keras accepts for it (the counts stay those
of the real architecture; only a Flatten-fed classifier, as in VGG, shrinks
with the input); and the session is cleared between models.
"""

import math

import keras
import pytest

import kerasdoctor as kd

NAMES = sorted(n for n in dir(keras.applications) if n[:1].isupper() and callable(getattr(keras.applications, n)))


def smallest(name):
    """The model at the smallest square input Keras accepts (32, or 71/75 for Xception and Inception)."""
    build = getattr(keras.applications, name)
    with keras.StatelessScope():
        for size in (32, 71, 75):
            try:
                return build(weights=None, input_shape=(size, size, 3))
            except ValueError:  # "input size must be at least ..."
                continue
        return build(weights=None)


def _check(row, layer_rows):
    if row.children:
        for child in row.children:
            _check(child, layer_rows)
    layer_rows.append(row)
    layer = row.layer
    assert row.params == layer.count_params(), row.name
    if row.params:
        assert row.has_formula, f"{row.name} ({row.type}) fell back to 'no formula': {row.note}"
        assert row.formula.endswith(f"= {layer.count_params()}"), row.formula


def test_names_cover_the_applications():
    assert len(NAMES) >= 30 and {"ResNet50", "EfficientNetB7", "ConvNeXtTiny", "VGG16"} <= set(NAMES)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_application(name):
    keras.backend.clear_session()
    model = smallest(name)
    report = kd.params(model)
    rows = []
    for row in report.rows:
        _check(row, rows)
    assert report.totals["params"] == model.count_params()
    assert report.totals["trainable"] == sum(math.prod(w.shape) for w in model.trainable_weights)
    assert report.totals["trainable"] + report.totals["non_trainable"] == model.count_params()
    assert sum(r.params for r in report.rows if not r.shared) == model.count_params()
    assert sum(r.trainable for r in report.rows if not r.shared) == report.totals["trainable"]
