"""Facts about the values in fit()'s arrays: non-finite values, non-numeric data, ranges per feature.

Arrays are read in full, vectorised and in chunks of at most `CHUNK_BYTES`,
so the extra memory stays bounded whatever the array's size. One pass gives
both answers the checks need: the minimum and maximum of every feature (the
last axis), and whether anything is NaN or infinite, since a NaN propagates
through `min`/`max` and an infinity shows in them. Only a chunk whose minimum
or maximum is not finite is read again, to count and place its bad values.

A reduction along axis 0 of a narrow (rows, features) chunk is slow in NumPy
(one short vector per row); the chunk is viewed as (rows / k, k * features)
instead, a wide reduction, then folded back to one value per feature.
`bench/values_speed.py` measures the pass against one ``np.isfinite(x).all()``.

Facts only: `checks.values` and `checks.scaling` judge them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CHUNK_BYTES = 4 << 20  # per chunk read: a few MB, whatever the array's size
WIDE = 1024  # values per row of the folded view of a chunk
NUMERIC_KINDS = "biuf"


@dataclass(frozen=True)
class ValueFacts:
    """The values of one array (a leaf of x, y, sample_weight), or of a sample of a dataset's batches."""

    where: str  # "x", "x['age']", "y", "sample_weight", "validation_data[0]"
    dtype: str
    shape: tuple
    complete: bool = True  # every value was read (arrays), not a sample (datasets)
    numeric: bool = True
    non_numeric: str = ""  # "strings", "Python objects", "lists of different lengths"
    columns: tuple = ()  # a DataFrame's non-numeric columns, by name
    numbers_as_text: bool = False  # the non-numeric values read as numbers ("3.5"): an astype() fixes them
    labels: tuple = ()  # a DataFrame's column labels, one per feature
    nan: int = 0
    inf: int = 0
    first_bad: tuple | None = None  # index of the first non-finite value
    first_bad_value: str = ""  # "NaN", "inf", "-inf"
    low: Any = None  # per feature (last axis) minimum of the finite values; None: not numeric or empty
    high: Any = None  # per feature maximum

    @property
    def size(self) -> int:
        total = 1
        for d in self.shape:
            total *= d
        return total

    @property
    def non_finite(self) -> int:
        return self.nan + self.inf

    @property
    def minimum(self) -> float | None:
        return None if self.low is None or not len(self.low) else float(self.low.min())

    @property
    def maximum(self) -> float | None:
        return None if self.high is None or not len(self.high) else float(self.high.max())


def is_table(value) -> bool:
    """A pandas DataFrame (or anything shaped like one), recognised without importing pandas."""
    return hasattr(value, "columns") and hasattr(value, "dtypes") and hasattr(value, "iloc")


def array_leaves(value, prefix: str) -> list[tuple[str, Any]]:
    """(path, array) pairs of fit()'s x, y or sample_weight as Keras reads them: a dict by key, a list or
    tuple of arrays by position, anything else one array (a DataFrame is one array of its columns)."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [pair for key, v in value.items() for pair in array_leaves(v, f"{prefix}[{key!r}]")]
    if isinstance(value, (list, tuple)) and value and all(hasattr(v, "shape") or isinstance(v, dict) for v in value):
        return [pair for i, v in enumerate(value) for pair in array_leaves(v, f"{prefix}[{i}]")]
    return [(prefix, value)]


def value_facts(value, where: str, complete: bool = True) -> ValueFacts:
    """The facts of one array-like (NumPy, a tensor, a list, a DataFrame, sampled `Rows`), read in full."""
    import numpy as np

    if is_table(value):
        return _table_facts(value, where, complete)
    if isinstance(value, Rows):
        if value.dtype.kind in NUMERIC_KINDS:
            return _numeric_facts(value.pieces, where, value.shape, complete)
        value = np.concatenate(value.pieces)  # text or objects: read as one array, as the checks show it
    try:
        a = np.asarray(value)
    except ValueError:  # NumPy 2: "setting an array element with a sequence ... inhomogeneous shape"
        return ValueFacts(
            where, "object", (len(value),), complete, numeric=False, non_numeric="lists of different lengths"
        )
    if a.ndim == 0:
        a = a.reshape(1)
    shape = tuple(int(d) for d in a.shape)
    if a.dtype.kind not in NUMERIC_KINDS:
        what = _non_numeric(a)
        return ValueFacts(
            where, a.dtype.name, shape, complete, numeric=False, non_numeric=what, numbers_as_text=_numbers(a.flat)
        )
    return _numeric_facts((a,), where, shape, complete)


class Rows:
    """Arrays of one dtype and the same shape past their first axis, read as their concatenation along it (the
    batches sampled from a dataset) without copying them into one: each is scanned in turn."""

    def __init__(self, pieces: tuple):
        self.pieces = pieces

    @property
    def dtype(self):
        return self.pieces[0].dtype

    @property
    def shape(self) -> tuple:
        return (sum(int(piece.shape[0]) for piece in self.pieces), *(int(d) for d in self.pieces[0].shape[1:]))


def _numeric_facts(pieces, where: str, shape: tuple, complete: bool) -> ValueFacts:
    """The facts of numeric arrays read as one along axis 0 (``shape``: that one's)."""
    import numpy as np

    dtype = pieces[0].dtype
    if dtype.kind == "b" or 0 in shape:
        return ValueFacts(where, dtype.name, shape, complete)
    low = high = first = None
    nan = inf = offset = 0
    first_value = ""
    for piece in pieces:
        if piece.size:
            p_low, p_high, p_nan, p_inf, p_first, p_value = _scan(piece)
            low = p_low if low is None else np.minimum(low, p_low)
            high = p_high if high is None else np.maximum(high, p_high)
            nan, inf = nan + p_nan, inf + p_inf
            if first is None and p_first is not None:
                first, first_value = (p_first[0] + offset, *p_first[1:]), p_value
        offset += piece.shape[0]
    return ValueFacts(
        where,
        dtype.name,
        shape,
        complete,
        nan=nan,
        inf=inf,
        first_bad=first,
        first_bad_value=first_value,
        low=low,
        high=high,
    )


def _non_numeric(a) -> str:
    if a.dtype.kind in "US":
        return "strings"
    if a.dtype.kind == "O":
        sample = next((v for v in a.flat), None) if a.size else None
        if isinstance(sample, (str, bytes)):
            return "strings"
        if isinstance(sample, (list, tuple)) or hasattr(sample, "shape"):
            return "nested sequences (an array of arrays or lists)"
        return "Python objects"
    return f"values of dtype {a.dtype.name}"


def _numbers(values, sample: int = 100) -> bool:
    """Whether the first ``sample`` values are numbers written as text (or as Python objects)."""
    from itertools import islice

    seen = 0
    for value in islice(values, sample):
        if isinstance(value, (list, tuple, dict)) or hasattr(value, "shape"):
            return False
        try:
            float(value)
        except (TypeError, ValueError):
            return False
        seen += 1
    return seen > 0


def _table_facts(table, where: str, complete: bool) -> ValueFacts:
    """A DataFrame, column by column (each column is contiguous in pandas): the numeric columns' ranges
    and non-finite values, and the names of the columns Keras cannot convert (both at once, so one
    report shows a text column and a NaN in another)."""
    import numpy as np

    shape = tuple(int(d) for d in table.shape)
    kinds = {column: getattr(dtype, "kind", "O") for column, dtype in table.dtypes.items()}
    bad = tuple(str(c) for c, kind in kinds.items() if kind not in NUMERIC_KINDS)
    lows, highs, nan, inf, first, first_value = [], [], 0, 0, None, ""
    for column, kind in kinds.items():
        if kind not in NUMERIC_KINDS:
            lows.append(np.nan)
            highs.append(np.nan)
            continue
        low, high, n, i, at, what = _scan(np.asarray(table[column].to_numpy()))
        lows.append(low[0] if len(low) else np.nan)
        highs.append(high[0] if len(high) else np.nan)
        nan, inf = nan + n, inf + i
        if at is not None and first is None:
            first, first_value = (at[0], str(column)), what
    text = {}
    if bad:
        dtypes = sorted({str(table.dtypes[c]) for c in table.columns if str(c) in bad})
        text = dict(
            numeric=False,
            non_numeric="strings",
            columns=bad,
            numbers_as_text=all(_numbers(table[c].to_numpy()) for c in table.columns if str(c) in bad),
        )
    return ValueFacts(
        where,
        ", ".join(dtypes) if bad else "DataFrame",
        shape,
        complete,
        nan=nan,
        inf=inf,
        first_bad=first,
        first_bad_value=first_value,
        low=None if bad else np.array(lows),
        high=None if bad else np.array(highs),
        labels=tuple(table.columns),
        **text,
    )


def _scan(a):
    """(low, high, nan, inf, first, first_value) of a numeric array: per-feature finite minimum and maximum
    (the last axis; one feature for a 1-D array) and where the non-finite values are. Chunked along axis 0."""
    import numpy as np

    features = a.shape[-1] if a.ndim > 1 else 1
    if a.size <= WIDE * 16:  # a small array: one plain reduction, without the chunk machinery
        flat = a.reshape(-1, features)
        low, high = flat.min(axis=0), flat.max(axis=0)
        if a.dtype.kind != "f" or (np.isfinite(low).all() and np.isfinite(high).all()):
            return low, high, 0, 0, None, ""
    per_row = max(1, a[:1].size)  # values in one index of axis 0
    fold = max(1, WIDE // features)  # rows of the (rows / fold, fold * features) view
    rows = max(1, CHUNK_BYTES // max(1, per_row * a.itemsize))
    low = np.full(features, np.inf)
    high = np.full(features, -np.inf)
    nan = inf = 0
    first, first_value = None, ""
    floating = a.dtype.kind == "f"
    for start in range(0, a.shape[0], rows):
        chunk = a[start : start + rows].reshape(-1, features)
        c_low, c_high = _fold_min_max(chunk, fold)
        if floating and not (np.isfinite(c_low).all() and np.isfinite(c_high).all()):
            finite = np.isfinite(chunk)
            nans = int(np.count_nonzero(np.isnan(chunk)))
            nan += nans
            inf += int(chunk.size - np.count_nonzero(finite)) - nans
            if first is None:
                flat = int(np.argmin(finite.ravel()))
                first = tuple(int(i) for i in np.unravel_index(start * per_row + flat, a.shape))
                value = chunk.ravel()[flat]
                first_value = "NaN" if np.isnan(value) else ("inf" if value > 0 else "-inf")
            masked = np.where(finite, chunk, np.nan)
            with np.errstate(all="ignore"):
                c_low, c_high = np.nanmin(masked, axis=0, initial=np.inf), np.nanmax(masked, axis=0, initial=-np.inf)
        np.minimum(low, c_low, out=low)
        np.maximum(high, c_high, out=high)
    return low, high, nan, inf, first, first_value


def _fold_min_max(chunk, fold: int):
    """Per-column min and max of a (rows, features) chunk through the wide view (see the module's docstring).
    NaN propagates through both (np.minimum, not np.fmin), which is how a chunk shows it holds one."""
    import numpy as np

    rows, features = chunk.shape
    whole = rows // fold * fold
    if whole == 0:
        return chunk.min(axis=0), chunk.max(axis=0)
    wide = chunk[:whole].reshape(-1, fold * features)
    low = wide.min(axis=0).reshape(fold, features).min(axis=0)
    high = wide.max(axis=0).reshape(fold, features).max(axis=0)
    if whole < rows:
        low = np.minimum(low, chunk[whole:].min(axis=0))
        high = np.maximum(high, chunk[whole:].max(axis=0))
    return low, high


# ---- the values of one of fit()'s data -----------------------------------------------

PARTS = ("x", "y", "sample_weight")


@dataclass(frozen=True)
class DataValues:
    """The `ValueFacts` of each array in one of fit()'s data (x/y/sample_weight, or validation_data)."""

    parts: dict  # "x" | "y" | "sample_weight" -> [(path within the part, ValueFacts)]
    complete: bool = True  # arrays: every value read; a dataset or PyDataset: a sample
    seen: str = ""  # for a sample: " in the 2 batches read"
    skipped: str | None = None  # why nothing was read

    def of(self, part: str) -> list[tuple[str, ValueFacts]]:
        return self.parts.get(part, [])


def _names(where: str, kind: str) -> dict[str, str]:
    """How a finding names each part: ``y``, ``validation_data[1]``, ``the targets in x`` (datasets)."""
    if kind == "arrays":
        if where == "x":
            return {"x": "x", "y": "y", "sample_weight": "sample_weight"}
        return {"x": f"{where}[0]", "y": f"{where}[1]", "sample_weight": f"{where}[2]"}
    return {"x": f"the inputs in {where}", "y": f"the targets in {where}", "sample_weight": f"the weights in {where}"}


def data_values(data, sample, sample_weight=None, batched: bool = True) -> DataValues:
    """The values of ``data`` (a `facts.data.DataFacts`): arrays in full (with fit()'s ``sample_weight``,
    or validation_data's third item), a PyDataset's batch 0, a dataset's elements from ``sample()``
    (``batched``: whether they are batches, joined along their first axis, or examples, stacked)."""
    names = _names(data.where, data.kind)
    if data.kind == "arrays":
        parts = (data.source, data.target_values, sample_weight)
        return DataValues(_part_facts(names, parts, complete=True))
    if data.kind == "pydataset" and data.first_batch is not None:
        return DataValues(_part_facts(names, data.first_batch, complete=False), False, " in batch 0")
    if data.kind != "dataset":
        return DataValues({}, skipped=f"the values of {data.where} ({data.kind}) cannot be read without consuming it")
    read = sample()
    if not read.read:
        return DataValues({}, skipped=read.unread)
    n = len(read.elements)
    joined = [_join([element[i] for element in read.elements], batched) for i in range(3)]
    return DataValues(
        _part_facts(names, joined, complete=False), False, f" in the {n} batch{'es' if n != 1 else ''} read"
    )


def _part_facts(names: dict, parts, complete: bool) -> dict:
    out = {}
    for part, value in zip(PARTS, parts):
        if value is None:
            continue
        out[part] = [
            (path[len(names[part]) :], value_facts(leaf, path, complete))
            for path, leaf in array_leaves(value, names[part])
        ]
    return out


def _join(values: list, batched: bool):
    """One `Rows` per leaf from the sampled elements (batches end to end, or examples stacked), or None."""
    import numpy as np
    import tensorflow as tf

    if not values or values[0] is None:
        return None

    def join(*leaves):
        arrays = [np.asarray(v) for v in leaves]
        if not (batched and arrays[0].ndim):
            arrays = [a[np.newaxis] for a in arrays]  # examples: each one row of their stack
        if any((a.ndim, a.shape[1:]) != (arrays[0].ndim, arrays[0].shape[1:]) for a in arrays):
            raise ValueError("the elements' shapes differ past their first axis")  # as np.concatenate would
        if any(a.dtype != arrays[0].dtype for a in arrays):
            return np.concatenate(arrays)  # promoted to one dtype, as before
        return Rows(tuple(arrays))

    try:
        return tf.nest.map_structure(join, *values)
    except (ValueError, TypeError):  # ragged batches or mixed structures: the first element alone
        return values[0]
