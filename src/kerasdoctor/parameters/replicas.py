"""Memory per replica: what each device holds when a strategy or a keras.distribution spreads the model.

A tf.distribute strategy that mirrors (MirroredStrategy, MultiWorkerMirroredStrategy, TPUStrategy) keeps a
full copy of every variable on every replica: a `MirroredVariable` holds one component per local device
(``.values``). Keras 3's keras.distribution on JAX lays every variable out over the mesh: a replicated one
is whole on each device, a sharded one split (``value.sharding.shard_shape``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Replication:
    how: str  # "MirroredStrategy", "DataParallel", "ModelParallel", ...
    copies: int  # replicas (tf.distribute) or devices (keras.distribution)
    per_copy: dict  # dtype -> bytes each replica or device holds
    total: dict  # dtype -> bytes in all
    split: bool  # some variables are sharded, so each device holds less than a whole copy
    unit: str  # "replica" or "device"

    def to_dict(self) -> dict:
        return {
            "how": self.how,
            "copies": self.copies,
            "unit": self.unit,
            "per_copy_bytes": dict(self.per_copy),
            "total_bytes": dict(self.total),
            "split": self.split,
        }


def replication(model, weights_bytes: dict) -> Replication | None:
    """How the model's variables are spread; None on one device. ``weights_bytes``: the whole model's, by dtype."""
    from ..facts.distribution import created_under, strategy_facts

    weights = list(getattr(model, "weights", []))
    if not weights:
        return None
    facts = strategy_facts(created_under(weights[0]))
    if facts is not None and facts.mirrored and facts.replicas > 1:
        total = {dtype: size * facts.replicas for dtype, size in weights_bytes.items()}
        return Replication(facts.kind, facts.replicas, dict(weights_bytes), total, False, "replica")
    return _laid_out(weights)


def _laid_out(weights) -> Replication | None:
    """keras.distribution (JAX): the bytes each device holds, from every variable's sharding."""
    import sys

    from .formula import prod
    from .report import itemsize

    keras = sys.modules.get("keras")
    distribution = keras.distribution.distribution() if keras is not None else None
    per_device: dict = {}
    devices, split = 1, False
    for variable in weights:
        try:
            sharding = variable.value.sharding
        except Exception:  # not a JAX array: not laid out by keras.distribution
            return None
        shape = tuple(int(d) for d in variable.shape)
        shard = tuple(sharding.shard_shape(shape))
        split = split or shard != shape
        devices = max(devices, len(sharding.device_set))
        dtype = str(variable.dtype)
        per_device[dtype] = per_device.get(dtype, 0) + prod(shard) * itemsize(dtype)
    if devices < 2:
        return None
    how = type(distribution).__name__ if distribution is not None else "keras.distribution"
    total = {dtype: size * devices for dtype, size in per_device.items()}
    return Replication(how, devices, per_device, total, split, "device")
