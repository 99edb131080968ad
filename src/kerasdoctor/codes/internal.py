"""KD9xx: kerasdoctor itself (a check that raised, data it would not touch, a file it could not parse).
Each code's declaration, then the wording of its findings."""

from __future__ import annotations

from ..findings import Finding
from .registry import ERROR, INFO, WARNING, declare

KD900 = declare(
    "KD900",
    "check-crashed",
    WARNING,
    "A check raised; the report says so and your program goes on.",
    what="""
    Any check that raises is turned into this finding, carrying the traceback, instead of stopping
    your program.
    """,
    why="""
    A diagnostic tool must never be the reason a training script fails. The traceback says where it
    failed: in your own code (a method of your dataset or model that raised, which fit() will
    likely meet as well), or in kerasdoctor, which is a bug worth reporting.
    """,
)


KD901 = declare(
    "KD901",
    "not-inspected",
    INFO,
    "Data that could only be inspected by consuming it.",
    what="""
    Reports data kerasdoctor did not look into, and why. For `fit()` data: a Python generator
    (one-shot), a `PyDataset` whose `__getitem__(0)` raised, a `tf.data.Dataset` that raised when
    its first elements were read (fit() raises the same), an object of a kind it cannot read, or no
    data given. For the loss-vs-target checks (KD203-KD206), a `tf.data.Dataset` whose fresh
    iteration would have side effects or cost: built with `from_generator`; calling
    `py_function`/`numpy_function`; a function that reads another dataset; a function that writes a
    `tf.Variable` (a counter, a seeded Keras random layer), draws from a `tf.random.Generator`,
    writes a lookup table (reading a lookup is fine), writes files (`tf.io.write_file`, a
    checkpoint, `tf.summary`) or prints (`tf.print`); a `snapshot()`; a shuffle buffer, or the input
    of a `filter()` (`ignore_errors()`, `group_by_window()`, a flat_map whose datasets filter), over
    10,000 elements, endless or of unknown size; a seeded `shuffle()` that reshuffles each
    iteration; a seeded `Dataset.random` or `sample_from_datasets`/`choose_from_datasets` order with
    `rerandomize_each_iteration=True`; a `cache()` to a file. The fix says how to let it read anyway
    (`inspect_unsafe=True`), except for a filter over an endless input, whose reading might never
    return. For `check_search`/`check_cv`: `cv` given as an iterable that is not a
    list (a generator of splits, an object whose `__iter__` hands them out once).
    """,
    why="""
    Taking an element from a one-shot source removes it from your training run; reading a pipeline
    with side effects moves a counter, advances a random stream or changes the order your seeded run
    sees. kerasdoctor never does that, so some checks could not run.
    """,
)


KD902 = declare(
    "KD902",
    "syntax-error",
    ERROR,
    "A file the linter could not parse: a syntax error, undecodable bytes or a malformed notebook.",
    what="""
    `kerasdoctor lint` reports, at the line where parsing stopped, a file that is not valid Python
    (a syntax error, null bytes, bytes that are not valid in the file's encoding, UTF-8 unless a
    coding declaration says otherwise) or a notebook that is not valid nbformat JSON. In a notebook,
    a cell with a syntax error is reported and skipped; the other cells are still linted. The other
    files are always linted.
    """,
    why="""
    A file that cannot be parsed cannot be checked, and Python could not run it either; saying
    nothing would pass it off as clean.
    """,
)


# ---- KD900 check-crashed ----------------------------------------------------------------


def check_crashed(name: str, error: BaseException, then: str = "the other checks ran") -> Finding:
    """A check (or a fact-gathering step) that raised: its traceback, and the program goes on.
    ``then``: what happened next, in words."""
    import traceback

    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return KD900.finding(
        f"check {name!r} raised {type(error).__name__}: {error}; {then}", where=name, detail=text.rstrip()
    )


# ---- KD901 not-inspected ----------------------------------------------------------------


def generator_fix(*, make: str, x_shape: str, y_shape: str, model: str, budget: int, read_targets: bool) -> str:
    """The KD901 fix for a Python generator: a `from_generator` dataset, which kerasdoctor judges from its
    ``output_signature`` (``make``: what makes the generator; the shapes as code). When the loss checks
    need the targets' values (``read_targets``), the same fix lets kerasdoctor read them: a
    `from_generator` pipeline is read only with ``inspect_unsafe=True`` (it runs the generator again),
    so without that line the pasted fix would bring a KD901 of its own (and with it, the hooked ``fit(ds)``
    that follows reads them too: the permission holds for that dataset). ``make`` empty: a generator
    expression, which the user turns into a function first."""
    fix = ""
    if not make:
        make = "make_batches"
        fix = (
            f"def {make}():   # from_generator calls it for every pass over the data\n"
            "    return <your generator expression>\n"
        )
    fix += (
        f"ds = tf.data.Dataset.from_generator({make}, output_signature=(\n"
        f"    tf.TensorSpec({x_shape}), tf.TensorSpec({y_shape})))\n"
    )
    if read_targets:  # before fit(): the hooks' check of fit(ds) then reads the targets too
        fix += (
            f"kd.check({model}, ds, inspect_unsafe=True)   # also compares the targets with the loss: "
            f"reads {budget} {'batch' if budget == 1 else 'batches'} from a fresh generator\n"
        )
    return fix + f"{model}.fit(ds, ...)   # instead of the generator"


def data_not_inspected(*, where: str, reason: str, fix: str = "") -> Finding:
    return KD901.finding(f"{where} was not inspected: {reason}.", where=where, severity=INFO, fix=fix)


def targets_not_read(*, where: str, reason: str, budget: int, forceable: bool = True) -> Finding:
    """``forceable``: inspect_unsafe=True would read it (not a pipeline whose reading may never return)."""
    message = f"The targets of {where} were not read, so the loss-vs-target checks (KD203-KD206) did not run: {reason}."
    if not forceable:
        return KD901.finding(message, where=where, severity=INFO)
    return KD901.finding(
        f"{message} Pass inspect_unsafe=True to read it anyway.",
        where=where,
        severity=INFO,
        fix=f"kd.check(..., inspect_unsafe=True, inspect_batches={budget})   "
        "# reads that many batches from a fresh iteration",
    )


def splits_not_inspected(*, where: str, reason: str, call: str) -> Finding:
    return KD901.finding(
        f"The splits were not inspected: {reason}.",
        where=where,
        fix="cv = list(cv)   # materialise the splits once; a list can be read by kerasdoctor "
        f"and by every refit\n{call}",
    )


# ---- KD902 syntax-error -----------------------------------------------------------------


def unparsable(message: str, *, path: str, line: int, column: int, cell: int | None = None) -> Finding:
    """A file (or a notebook cell) the linter could not parse; ``column`` is 1-based."""
    return KD902.finding(message, path=path, line=line, column=column, cell=cell)
