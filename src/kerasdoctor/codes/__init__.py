"""kerasdoctor's vocabulary: every finding code, declared once, one module per family.

    data          KD1xx  data pipelines and input shapes
    targets       KD2xx  compile, loss, targets and outputs
    cv            KD3xx  cross-validation and hyper-parameter search
    model         KD4xx  model structure and parameters
    migration     KD5xx  Keras 2 code that breaks or changes meaning on Keras 3 (and NumPy 2)
    distribution  KD6xx  training on many devices (tf.distribute, keras.distribution)
    internal      KD9xx  kerasdoctor itself

Each family module declares its codes (slug, severity, documentation) and the
wording functions that build their findings, a message and a fix from facts
and the user's names: the runtime checks, the lint rules and the explained
errors all call these, so a code's words exist once. Each code has an
executable bad and good example in ``examples/`` (``kd101_bad.py``,
``kd101_good.py``), shown by ``kerasdoctor rule CODE`` and run by the tests.
Codes are never reused: a retired code stays declared with ``retired=True``.
"""

from __future__ import annotations

from . import cv, data, distribution, internal, migration, model, targets  # noqa: F401  (declares every code, in family order)
from .registry import (
    BY_CODE,
    BY_SLUG,
    Code,
    Detector,
    all_codes,
    detectors,
    detects,
    get,
    load_detectors,
    markdown_table,
)

__all__ = [
    "BY_CODE",
    "BY_SLUG",
    "Code",
    "Detector",
    "all_codes",
    "detectors",
    "detects",
    "get",
    "load_detectors",
    "markdown_table",
]
