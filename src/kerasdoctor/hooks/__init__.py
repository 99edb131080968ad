"""Checks that run themselves: wrap ``keras.Model.fit``, scikit-learn's searches and cross-validation.

    kd.install(strict=False, on_fail="warn")   # every fit() is checked first
    kd.uninstall()                             # the original methods, exactly
    with kd.installed(strict=True): ...        # for a block

Four parts: `calls` says what a library call means (the table `HOOKS`:
owner, method, the function that turns the call's bound arguments into a
Report, whether a failure gets an explanation, whether the fast-dev-run caps
apply; a hook on another library's method is one more row), `wrapping` puts
the hooked methods in place and the originals back, `deferred` does so for a
library only once the program imports it, and `session` keeps what
was found, each problem once (showing it is `render.show`'s). `install` and each
`installed` block add a session; the newest one in force records, and the
methods are wrapped (or wait for their library's import) exactly while one is left.

``keras.Model`` covers Sequential, functional and subclassed models, and
``tf.keras`` (``tf.keras.Model is keras.Model`` with Keras 3); ``fit`` is
inherited from the backend trainer, so it is set on ``keras.Model`` and
deleted again by `uninstall`.

scikit-learn: GridSearchCV, RandomizedSearchCV and the Halving searches all
train through ``BaseSearchCV.fit`` (the Halving ones call it with
``super().fit``), so one row covers them, whether or not
``sklearn.experimental.enable_halving_search_cv`` was imported. The functions
``cross_val_score``/``cross_validate``/``cross_val_predict`` are replaced on
``sklearn.model_selection``: code that imports them after `install` (always
the case under ``kerasdoctor run``) gets the hooked ones; a name imported
before keeps the original. ``cross_val_score`` calls
``_validation.cross_validate``, which is not replaced, so the audit runs once.
A call inside another hooked call of the same group (a search inside
``cross_val_score``, ``evaluate`` inside ``fit``) leaves the work to the outer
one; the Keras fits a search makes are another group and are checked (and
capped) like any ``Model.fit``.
"""

from .calls import (
    HOOKS,
    Hook,
    call_name,
    cv_explain,
    cv_function_report,
    keras_explain,
    keras_fit_report,
    model_call,
    search_fit_report,
)
from .session import ON_FAIL, Session
from .wrapping import install, installed, is_installed, uninstall

__all__ = [
    "HOOKS",
    "Hook",
    "ON_FAIL",
    "Session",
    "install",
    "installed",
    "is_installed",
    "uninstall",
    "call_name",
    "model_call",
    "keras_fit_report",
    "search_fit_report",
    "cv_function_report",
    "keras_explain",
    "cv_explain",
]
