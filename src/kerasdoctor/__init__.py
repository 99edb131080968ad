"""kerasdoctor: finds the mistakes that make Keras training fail, before fit() runs.

    import kerasdoctor as kd
    report = kd.check(model, data, epochs=10)   # the arguments you would give model.fit
    print(report)

Importing kerasdoctor does not import TensorFlow, Keras or NumPy; each check
imports what it needs when it runs.
"""

from __future__ import annotations

from ._version import __version__
from .findings import Finding, KerasDoctorError, KerasDoctorWarning, Report, Severity, Skipped, validate_on_fail

__all__ = [
    "check",
    "check_search",
    "check_cv",
    "audit_folds",
    "lint",
    "params",
    "rule",
    "install",
    "uninstall",
    "installed",
    "explain",
    "Finding",
    "Report",
    "Severity",
    "Skipped",
    "KerasDoctorError",
    "KerasDoctorWarning",
    "__version__",
]


def check(
    model,
    x=None,
    y=None,
    batch_size=None,
    epochs=1,
    verbose="auto",
    callbacks=None,
    validation_split=0.0,
    validation_data=None,
    shuffle=True,
    class_weight=None,
    sample_weight=None,
    initial_epoch=0,
    steps_per_epoch=None,
    validation_steps=None,
    validation_batch_size=None,
    validation_freq=1,
    *,
    call: str = "fit",
    steps=None,
    on_fail: str = "return",
    inspect_batches: int = 2,
    inspect_unsafe: bool = False,
    **keras2_arguments,
) -> Report:
    """Check what you are about to pass to ``model.fit`` and report every mistake found.

    Takes the same arguments as ``keras.Model.fit``; nothing is trained and no
    element is taken from the user's iteration of the data. ``call="evaluate"`` or
    ``call="predict"`` checks the arguments of that call instead (``steps=`` is
    theirs; predict() needs neither targets nor compile()). A model that declares
    no input shape is checked on a symbolic build for the data, as Keras will
    build it; the model itself stays unbuilt. ``on_fail``: "return" (default) only
    returns the report, "warn" also emits a `KerasDoctorWarning` per finding,
    "raise" raises `KerasDoctorError` when any finding is an error.

    To compare targets with the loss, a `tf.data.Dataset` is read from a fresh
    iteration, at most ``inspect_batches`` elements, and only when that has no
    side effects (no `from_generator`, `py_function`, large shuffle buffer);
    ``inspect_unsafe=True`` reads it anyway, ``inspect_batches=0`` never.
    ``inspect_batches`` must be an int >= 0, else `ValueError` is raised
    before any check runs (``ds.take(-1)`` would read the whole dataset).
    A Keras 2 argument Keras 3's fit() refuses (``nb_epoch=10``, ``workers=4``)
    is a KD501 finding with its Keras 3 spelling, not a TypeError.
    """
    import numbers

    validate_on_fail(on_fail)
    if call not in ("fit", "evaluate", "predict"):
        raise ValueError(
            f"call must be 'fit', 'evaluate' or 'predict' (the method whose arguments are checked), got {call!r}"
        )
    if keras2_arguments:
        from .checks.migration import keras2_arguments as removed

        unknown = sorted(set(keras2_arguments) - set(removed(call, keras2_arguments)))
        if unknown:
            raise TypeError(f"check() got an unexpected keyword argument {unknown[0]!r}")
    if isinstance(inspect_batches, bool) or not isinstance(inspect_batches, numbers.Integral) or inspect_batches < 0:
        raise ValueError(
            f"inspect_batches must be an int >= 0 (how many dataset elements to read; 0 reads "
            f"none), got {inspect_batches!r}"
        )
    from .checks.fit import CheckOptions, check_fit

    report = check_fit(
        model,
        x,
        y,
        validation_data=validation_data,
        batch_size=batch_size,
        epochs=epochs,
        steps_per_epoch=steps if steps is not None else steps_per_epoch,
        validation_steps=validation_steps,
        validation_batch_size=validation_batch_size,
        sample_weight=sample_weight,
        class_weight=class_weight,
        validation_split=validation_split,
        initial_epoch=initial_epoch,
        options=CheckOptions(int(inspect_batches), bool(inspect_unsafe)),
        call=call,
    )
    if keras2_arguments:
        from .checks.migration import removed_training_arguments

        report.findings.insert(0, removed_training_arguments(call, keras2_arguments, model))
    return report.apply(on_fail, stacklevel=2)


def check_search(search, X, y=None, groups=None, *, on_fail: str = "return", **fit_params) -> Report:
    """Check a scikit-learn search (GridSearchCV, RandomizedSearchCV, Halving*) before ``search.fit``.

    Takes what you would pass to ``search.fit``. Works out the splitter
    scikit-learn will use for ``search.cv`` and counts every class in every
    fold (KD301-KD306), checks a scikeras wrapper and its grid (KD307,
    KD308) and a keras.wrappers estimator, its fit_kwargs, build function and
    grid (KD309-KD311). ``fit_params``: what you pass to ``search.fit`` besides
    X, y and groups (``epochs=3``). Nothing is fitted. ``on_fail`` as for `check`.
    """
    from .checks.cv import check_search as _check_search

    validate_on_fail(on_fail)

    report = _check_search(search, X, y, groups, fit_params)
    return report.apply(on_fail, stacklevel=2)


def check_cv(estimator, X, y=None, groups=None, cv=5, *, params=None, n_jobs=None, on_fail: str = "return") -> Report:
    """Check what ``cross_val_score`` / ``cross_validate(estimator, X, y, groups=groups, cv=cv, params=params,
    n_jobs=n_jobs)`` would do; ``params``: the fit parameters handed to every fold's fit."""
    from .checks.cv import check_cv as _check_cv

    validate_on_fail(on_fail)

    report = _check_cv(estimator, X, y, groups, cv, params=params, n_jobs=n_jobs)
    return report.apply(on_fail, stacklevel=2)


def audit_folds(estimator, X, y=None, groups=None, cv=5):
    """The facts of a cross-validation: the splitter scikit-learn will use and why, the installed
    versions, and per fold the training and validation examples of each class (``.table``,
    ``.plot()``). Nothing is fitted. Raises `ValueError` when X is None; what scikit-learn would raise on
    these arguments is recorded in the audit (``refused``, ``split_error``, ``skipped``), not raised."""
    from .facts.cv import audit_folds as _audit_folds

    return _audit_folds(estimator, X, y, groups, cv)


def lint(path_or_source, *, select=(), ignore=()) -> Report:
    """Lint a .py/.ipynb file, a directory, or source text, without running it.

    A string naming an existing file or directory is a path, and so is a
    one-line string ending in .py or .ipynb (FileNotFoundError when there is no
    such file); any other string is Python source. ``select`` and ``ignore``
    take codes or prefixes as a list (``["KD1", "KD201"]``) or a
    comma-separated string (``"KD1,KD201"``, as on the command line). Returns
    the same `Report` as `check`, its findings carrying path, line and column.
    Imports neither TensorFlow nor Keras.
    """
    from .linter import lint as _lint

    return _lint(path_or_source, select=select, ignore=ignore)


def rule(code: str):
    """The documentation of one finding code (``kd.rule("KD101").docs``)."""
    from .codes import get

    return get(code)


def params(model_or_layer, expand: bool = False):
    """The parameter-count report: a row per layer with its count explained by a formula.

    ``print(kd.params(model))`` shows the table (HTML in Jupyter);
    ``kd.params(layer).explain()`` lists one layer's weights and, for recurrent
    layers, the gate slices. ``expand=True`` also shows the layers of nested
    models and wrappers. Totals are Keras' own ``count_params()`` split. A
    model or layer that is not built yet (a Sequential without ``keras.Input``)
    has no weights: its counts are None, shown as "?", and the report says it
    is not built (``report.built`` is False) instead of showing 0.
    """
    from .parameters import build_report

    return build_report(model_or_layer, expand=expand)


# ---- checks that run themselves (hooks/) -------------------------------------


def install(strict: bool = False, on_fail: str = "warn", **caps):
    """Run the checks before every ``keras.Model.fit``, search ``fit`` and ``cross_val_score``/``cross_validate``/
    ``cross_val_predict`` from now on; see `kerasdoctor.hooks.install`."""
    from .hooks import install as _install

    return _install(strict, on_fail, **caps)


def uninstall() -> None:
    """Restore the original methods and functions, exactly."""
    from .hooks import uninstall as _uninstall

    _uninstall()


def installed(strict: bool = False, on_fail: str = "warn", **caps):
    """``with kd.installed():`` the hooks for one block."""
    from .hooks import installed as _installed

    return _installed(strict, on_fail, **caps)


def explain(error: BaseException, model=None, **call):
    """The Finding that explains a Keras/TensorFlow error (None if unknown); ``call``: the fit() arguments."""
    from .explanations import explain as _explain

    return _explain(error, model, call)


def load_ipython_extension(ipython) -> None:
    """``%load_ext kerasdoctor``: hooks for the IPython session, reports as HTML."""
    from .notebook import load

    load(ipython)


def unload_ipython_extension(ipython) -> None:
    from .notebook import unload

    unload(ipython)
