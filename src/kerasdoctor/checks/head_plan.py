"""The one coherent fix for a model output: its width, activation, loss and targets, decided together.

The loss checks (KD203-KD207) each see one disagreement, but their fixes touch the same three
things: pasting one finding's fix must not bring another's error (a softmax on one unit, a
categorical loss against class ids). So every finding about an output carries the same plan,
`plan_head`'s `Remedy`: the head that fits the targets, with as little changed as possible.

- Logits stay logits: a linear output, or a loss with ``from_logits=True``, keeps that style
  (a linear output with ``from_logits=True``); otherwise the activation gives probabilities.
- The targets choose the family: class ids 0/1 keep a two-unit softmax as
  sparse categorical, anything else becomes one sigmoid unit with binary cross-entropy; more class
  ids, sparse categorical with one unit per class (renumbered or shifted when they do not index the
  units); one-hot rows, categorical (binary only for a sigmoid head, which reads them as multi-label
  0/1 columns); 0/1 columns that are not one-hot, binary; probabilities, binary for one column.
- A regression loss keeps its loss and activation (a softmax over one unit, always 1.0, becomes a
  sigmoid for targets in [0, 1], else linear); only the width follows the targets.
- Without the targets' values, only what the head and the loss say against each other is fixed.
"""

from __future__ import annotations

from ..facts.losses import BINARY, CATEGORICAL, REGRESSION, SPARSE, LossFacts
from ..facts.model import OutputFacts
from ..facts.targets import TargetFacts
from ..findings import Remedy

CROSSENTROPY = SPARSE | CATEGORICAL | BINARY
PROBABILITIES = {"softmax", "sigmoid"}
_PLAIN = {
    "sparse": "sparse_categorical_crossentropy",
    "categorical": "categorical_crossentropy",
    "binary": "binary_crossentropy",
}


def family(kind: str) -> str:
    """ "sparse", "categorical" or "binary" for a cross-entropy's canonical name."""
    return "sparse" if kind in SPARSE else "categorical" if kind in CATEGORICAL else "binary"


def plan_head(output: OutputFacts, loss: LossFacts | None, t: TargetFacts | None) -> Remedy | None:
    """The head that fits ``t`` (None, or a `TargetFacts` whose values were not read: the head and the
    loss alone), as the changes from today's; None when nothing can be planned or nothing changes."""
    n, act = output.units, output.activation
    if loss is None or loss.kind is None or n is None or act is None or len(output.shape) != 2:
        return None
    if loss.kind in REGRESSION:  # the width is known from a dataset's element_spec too
        units = t.width if t is not None else n
        if act == "softmax" and units == 1:  # a softmax over one unit is always 1.0
            in_01 = t is not None and t.values_known and t.minimum >= 0 and t.maximum <= 1
            act = "sigmoid" if in_01 else "linear"
        return _changes(output, loss, units=units, activation=act, kind=loss.kind)
    if loss.kind not in CROSSENTROPY:
        return None
    if t is not None and not t.values_known:
        t = None
    planned = _family_and_units(family(loss.kind), act, n, t)
    if planned is None:
        return None
    fam, units, targets = planned
    logits = loss.from_logits or act == "linear"
    activation = "linear" if logits else ("sigmoid" if fam == "binary" else "softmax")
    kind = loss.kind if family(loss.kind) == fam else _PLAIN[fam]
    return _changes(output, loss, units=units, activation=activation, kind=kind, from_logits=logits, targets=targets)


def _family_and_units(fam: str, act: str, n: int, t: TargetFacts | None):
    """(family, units, targets expression or None) for these targets; None: no plan fits them."""
    if t is None:
        if act == "softmax" and n == 1:
            return "binary", 1, None
        if fam == "binary" and act == "softmax":
            return "categorical", n, None
        return fam, n, None
    if t.class_ids:
        low, high = int(t.minimum), int(t.maximum)
        if low >= 0 and high <= 1:
            if n >= 2 and (act == "softmax" or (act == "linear" and fam != "binary")):
                return "sparse", 2, None
            return "binary", 1, None
        if low < 0:
            if t.classes is None:
                return None
            return "sparse", len(t.classes), "np.unique(y, return_inverse=True)[1]"
        if low > 0 and high >= n and high - low < n:
            return "sparse", high - low + 1, f"y - {low}"
        if t.classes is not None and t.classes == tuple(range(len(t.classes))):
            return "sparse", len(t.classes), None
        return "sparse", max(n, high + 1), None
    if t.minimum is None or t.minimum < 0 or t.maximum > 1:
        return None  # not classes, not probabilities: a regression target, which no cross-entropy fits
    w = t.width
    if t.onehot:
        return ("binary" if fam == "binary" and act != "softmax" else "categorical"), w, None
    if t.zero_one or w == 1:  # multi-label 0/1 columns, or one probability per example
        return "binary", w, None
    return ("binary" if fam == "binary" and act != "softmax" else "categorical"), w, None


def _changes(output, loss, *, units, activation, kind, from_logits=False, targets=None) -> Remedy | None:
    crossentropy = kind in CROSSENTROPY
    same_loss = kind == loss.kind and (not crossentropy or bool(from_logits) == loss.from_logits)
    remedy = Remedy(
        output.name,
        units=None if units == output.units else units,
        activation=None if activation == output.activation else activation,
        loss=None if same_loss else kind,
        from_logits=None if same_loss or not crossentropy else bool(from_logits),
        targets=targets,
    )
    changes = (remedy.units, remedy.activation, remedy.loss, remedy.targets)
    return None if all(c is None for c in changes) else remedy
