"""Judgements on a cross-validation or search around a Keras classifier (KD301-KD306, KD901).

The scikeras checks run with them (KD307, KD308) are in `kerasdoctor.checks.scikeras`.

The facts come from `kerasdoctor.facts.cv.audit_folds`, which runs the
splitter scikit-learn will really use; nothing here trains or splits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..codes import cv as codes
from ..codes import internal
from ..codes.registry import CV, detectors, detects
from ..facts import cv as facts
from ..facts import splitters, wrappers
from ..facts.names import source_of, user_name
from ..findings import Finding, Report, Skipped
from . import Skip, crashed, run_checks


@dataclass
class CVContext:
    audit: facts.FoldAudit | None
    estimator: Any
    cv_given: Any
    grids: list[dict] = field(default_factory=list)  # the search's param_grid / param_distributions
    search: Any = None  # the search; None for a cross-validation
    X: Any = None
    y: Any = None
    groups: Any = None
    fit_params: dict = field(default_factory=dict)  # search.fit's **params, cross_val_score's params=
    function: str = "cross_val_score"  # the cross-validation function (no search)
    others: dict = field(default_factory=dict)  # its other arguments as the user gave them (scoring=...)
    memo: dict = field(default_factory=dict, repr=False)  # facts several checks share
    _name: str | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The user's variable name for the search (else the estimator).

        Looked up when a finding first needs it: `user_name` walks the stack
        and reads the caller's variables, which a clean report never needs.
        """
        if self._name is None:
            if self.search is not None:
                self._name = user_name(self.search, "search")
            else:
                self._name = user_name(self.estimator, "clf")
        return self._name

    @property
    def call(self) -> str:
        """How the fix hands the splitter over."""
        if self.search is not None:
            return f"{self.name}.set_params(cv=cv)"
        return f"cross_val_score({self.name}, X, y, cv=cv)"

    @property
    def where(self) -> str:
        return f"{self.name}.cv" if self.search is not None else "cv"

    def fit_call(self, y: str | None = None, extra: list[str] | tuple = ()) -> str:
        """The user's ``search.fit(X_train, y_train, ...)`` or ``cross_val_score(clf, X, y, cv=5, ...)``,
        in their names; ``y``: code in place of y; ``extra``: more arguments ("epochs=3")."""
        if "names" not in self.memo:
            self.memo["names"] = (user_name(self.X, "X"), user_name(self.y, "y") if self.y is not None else None)
        x_name, y_name = self.memo["names"]
        data = [x_name] + ([y or y_name] if y_name else [])
        if self.search is not None:
            groups = [f"groups={user_name(self.groups, 'groups')}"] if self.groups is not None else []
            return f"{self.name}.fit({', '.join([*data, *groups, *extra])})"
        cv = source_of(self.cv_given, None) or repr(self.cv_given)  # a splitter's repr is its constructor call
        head = [user_name(self.estimator, "clf"), *data, f"cv={cv if '<' not in cv else 'cv'}"]
        if self.groups is not None:
            head.append(f"groups={user_name(self.groups, 'groups')}")
        head += [f"{k}={source_of(v, k)}" for k, v in self.others.items()]
        return f"{self.function}({', '.join([*head, *extra])})"


# ---- helpers ---------------------------------------------------------------------


def _labels(audit, mask) -> list:
    return audit.classes[mask].tolist()


def _fold_gaps(audit, counts) -> dict[int, list]:
    """fold -> the classes with no example in that part of the fold."""
    return {j: _labels(audit, counts[:, j] == 0) for j in range(counts.shape[1]) if (counts[:, j] == 0).any()}


def _best_k(audit) -> int:
    """The most folds (at most the current number, else 5) that put every class in every fold."""
    wanted = splitters.folds_per_repeat(audit.splitter) or 5
    return max(2, min(int(wanted), int(audit.class_counts.min())))


def _stratified_splitter(audit, k: int) -> str:
    """Paste-able code for a stratified splitter of k folds that keeps the user's groups and repetitions."""
    splitter = audit.splitter
    return codes.stratified_fix(
        k,
        groups=splitters.needs_groups(splitter),
        repeats=splitters.repeats(splitter) if splitters.is_repeated(splitter) else None,
    )


def _stratified_fix(ctx: CVContext) -> str:
    return f"{_stratified_splitter(ctx.audit, _best_k(ctx.audit))}\n{ctx.call}"


def _counted(ctx: CVContext) -> facts.FoldAudit:
    audit = ctx.audit
    if audit is None:
        raise Skip("the folds could not be audited")
    if audit.not_inspected:
        raise Skip(audit.not_inspected)
    if audit.refused:
        raise Skip(f"scikit-learn refuses {audit.refused}; the search or cross-validation raises the same")
    if audit.skipped:
        raise Skip(audit.skipped)
    return audit


def _folds(ctx: CVContext) -> facts.FoldAudit:
    audit = _counted(ctx)
    if audit.train_counts is None:
        raise Skip(f"the splitter raised {audit.split_error}; scikit-learn will raise the same in the search")
    return audit


def _kfold_like(splitter) -> bool:
    """A k-fold splitter without groups (Repeated* ones included): each class needs n_splits examples."""
    name = type(splitter).__name__
    return "KFold" in name and not splitters.needs_groups(splitter) and splitters.folds_per_repeat(splitter) is not None


def _implicit(ctx: CVContext) -> bool:
    return ctx.cv_given is None or isinstance(ctx.cv_given, int)


def _sorted_unshuffled(audit) -> bool:
    splitter = audit.splitter
    k = len(audit.classes)
    return (
        k >= 2
        and splitters.shuffles(splitter) is False
        and not splitters.is_stratified(splitter)
        and not splitters.needs_groups(splitter)
        and audit.label_runs <= 2 * k
    )


# ---- the checks --------------------------------------------------------------------
# Registered in this order (the report's order), the scikeras checks after the first.


@detects(internal.KD901, kind=CV, name="inspected")
def check_inspected(ctx: CVContext) -> Iterator[Finding]:
    audit = ctx.audit
    if audit is not None and audit.not_inspected:
        yield internal.splits_not_inspected(where=ctx.where, reason=audit.not_inspected, call=ctx.call)


from . import scikeras as _scikeras  # noqa: E402,F401  (registers KD307 and KD308 here, in the report's order)
from . import wrappers as _wrappers  # noqa: E402,F401  (registers KD309-KD311 next)


@detects(codes.KD306, kind=CV, name="onehot-target")
def check_onehot(ctx: CVContext) -> Iterator[Finding]:
    """KD306: a one-hot target handed to the splitter."""
    audit = _counted(ctx)
    if not audit.onehot:
        return
    wrapper = wrappers.keras_wrapper(ctx.estimator)
    if wrapper is not None and wrappers.encoded_targets(wrapper, ctx.y[:64]).refused:
        raise Skip(f"{type(wrapper).__name__} refuses one-hot targets: {codes.KD310} reports them, with the fix")
    if audit.split_error:
        what = f"{audit.splitter_name} refuses it: {audit.split_error}"
    elif splitters.is_stratified(audit.splitter):
        return
    else:
        what = (
            f"type_of_target calls it '{audit.target_type}', so {audit.reason} and the "
            f"{len(audit.classes)} classes are not stratified"
        )
    yield codes.onehot_target(
        where=ctx.where,
        n_samples=audit.n_samples,
        n_classes=len(audit.classes),
        what=what,
        n_splits=_best_k(audit),
        call=ctx.call,
    )


@detects(codes.KD301, kind=CV, name="stratified")
def check_stratified(ctx: CVContext) -> Iterator[Finding]:
    """KD301: cv=<int> silently chose an unstratified splitter for a classification target."""
    audit = _counted(ctx)
    if audit.onehot:
        raise Skip(f"one-hot targets are {codes.KD306}'s concern")
    if not _implicit(ctx):
        raise Skip(f"the splitter was given explicitly; its folds are judged by {codes.KD302}-{codes.KD305}")
    if splitters.is_stratified(audit.splitter):
        return
    yield codes.unstratified(
        where=ctx.where,
        reason=audit.reason,
        n_classes=len(audit.classes),
        target_type=audit.target_type,
        fix=_stratified_fix(ctx),
    )


@detects(codes.KD304, kind=CV, name="members-per-class")
def check_members(ctx: CVContext) -> Iterator[Finding]:
    """KD304: the least populated class has fewer examples than folds."""
    audit = _counted(ctx)
    if not _kfold_like(audit.splitter):
        raise Skip(f"{audit.splitter_name} is not a k-fold splitter")
    k = splitters.folds_per_repeat(audit.splitter)
    small = audit.class_counts < k
    if not small.any():
        return
    fewest = int(audit.class_counts.min())
    yield codes.too_few_members(
        where=ctx.where,
        splitter_name=audit.splitter_name,
        n_splits=k,
        repeats=splitters.repeats(audit.splitter) if splitters.is_repeated(audit.splitter) else None,
        small=list(zip(audit.classes[small].tolist(), audit.class_counts[small].tolist())),
        fewest=fewest,
        single=audit.classes[audit.class_counts < 2].tolist(),
        split_error=audit.split_error,
        fix_splitter=_stratified_splitter(audit, fewest) if fewest >= 2 else "",
        call=ctx.call,
    )


@detects(codes.KD302, kind=CV, name="training-folds")
def check_training_folds(ctx: CVContext) -> Iterator[Finding]:
    """KD302: a training part without some class."""
    audit = _folds(ctx)
    gaps = _fold_gaps(audit, audit.train_counts)
    if gaps:
        yield codes.class_missing_from_training(
            where=ctx.where,
            splitter=splitters.splitter_text(audit.splitter),
            gaps=gaps,
            wrapper=audit.wrapper,
            n_classes=len(audit.classes),
            fix=_stratified_fix(ctx),
        )


@detects(codes.KD303, kind=CV, name="validation-folds")
def check_validation_folds(ctx: CVContext) -> Iterator[Finding]:
    """KD303: a validation part that could hold every class but lacks some."""
    audit = _folds(ctx)
    if _sorted_unshuffled(audit):
        raise Skip(f"the labels are sorted and the splitter does not shuffle: {codes.KD305} reports these folds")
    counts = audit.validation_counts.copy()
    if _kfold_like(audit.splitter):  # classes with fewer examples than folds are KD304's
        counts[audit.class_counts < splitters.folds_per_repeat(audit.splitter), :] = 1
    big_enough = audit.validation_sizes >= len(audit.classes)
    counts[:, ~big_enough] = 1  # a fold smaller than the number of classes cannot hold them all
    gaps = _fold_gaps(audit, counts)
    if gaps:
        yield codes.class_missing_from_validation(
            where=ctx.where, splitter=splitters.splitter_text(audit.splitter), gaps=gaps, fix=_stratified_fix(ctx)
        )


@detects(codes.KD305, kind=CV, name="sorted-labels")
def check_sorted(ctx: CVContext) -> Iterator[Finding]:
    """KD305: an unshuffled, unstratified splitter over labels sorted by class."""
    audit = _folds(ctx)
    if _sorted_unshuffled(audit):
        yield codes.sorted_labels(
            where=ctx.where,
            runs=audit.label_runs,
            n_samples=audit.n_samples,
            splitter=splitters.splitter_text(audit.splitter),
            gaps=_fold_gaps(audit, audit.validation_counts),
            fix=_stratified_fix(ctx),
        )


def cv_checks() -> list[tuple[str, Any]]:
    return [(d.name, d.target) for d in detectors(CV)]


def _grids(search) -> list[dict]:
    grid = getattr(search, "param_grid", None)
    if grid is None:
        grid = getattr(search, "param_distributions", None)
    if grid is None:
        return []
    return [grid] if isinstance(grid, dict) else [dict(g) for g in grid]


def _audit(report: Report, estimator, X, y, groups, cv, halving: bool = False):
    try:
        return facts.audit_folds(estimator, X, y, groups, cv, halving)
    except Exception as error:  # never let the audit stop the user's program
        report.findings.append(crashed("audit-folds", error))
        return None


def _workers(report: Report, estimator, n_jobs, who: str) -> Report:
    """Say where the folds of a Keras estimator train when they train in other processes."""
    if splitters.wrapper_of(estimator) is None:
        return report
    import joblib

    workers = joblib.effective_n_jobs(n_jobs)
    if workers > 1:
        report.skipped.append(
            Skipped(
                "keras-fits-in-workers",
                f"n_jobs={n_jobs!r}: {who} trains its folds in {workers} worker processes, where kerasdoctor's "
                "checks of each Keras fit (and --epochs-cap/--steps-cap) do not run; the audit above, made "
                "before any fold, covers every fold's split, the wrapper and the grid",
            )
        )
    return report


def check_search(search, X, y=None, groups=None, fit_params=None) -> Report:
    """The report for ``search.fit(X, y, groups=groups, **fit_params)``; nothing is fitted."""
    if not splitters.is_search(search):
        raise TypeError(
            f"check_search needs a scikit-learn search (GridSearchCV, RandomizedSearchCV, "
            f"HalvingGridSearchCV, ...), got {type(search).__name__}"
        )
    if X is None:
        raise ValueError("check_search needs X, the data you would pass to search.fit")
    title = f"kerasdoctor: {type(search).__name__} over {type(splitters.final_estimator(search.estimator)).__name__}"
    report = Report(title=title)
    audit = _audit(
        report, search.estimator, X, y, groups, search.cv, halving=type(search).__name__.startswith("Halving")
    )
    ctx = CVContext(
        audit,
        search.estimator,
        search.cv,
        _grids(search),
        search=search,
        X=X,
        y=y,
        groups=groups,
        fit_params=dict(fit_params or {}),
    )
    report.extend(run_checks(cv_checks(), ctx, title))
    return _workers(report, search.estimator, getattr(search, "n_jobs", None), type(search).__name__)


def check_cv(
    estimator,
    X,
    y=None,
    groups=None,
    cv=5,
    params=None,
    n_jobs=None,
    function: str = "cross_val_score",
    others: dict | None = None,
) -> Report:
    """The report for ``cross_val_score(estimator, X, y, groups=groups, cv=cv, params=params, n_jobs=n_jobs)``
    (``function``: which of cross_val_score, cross_validate, cross_val_predict, and ``others``: the call's
    other arguments, for the fixes)."""
    if not hasattr(estimator, "fit"):
        raise TypeError(f"check_cv needs a scikit-learn estimator, got {type(estimator).__name__}")
    if X is None:
        raise ValueError("check_cv needs X, the data you would pass to cross_val_score")
    title = f"kerasdoctor: cross-validation of {type(splitters.final_estimator(estimator)).__name__}"
    report = Report(title=title)
    audit = _audit(report, estimator, X, y, groups, cv)
    ctx = CVContext(
        audit,
        estimator,
        cv,
        X=X,
        y=y,
        groups=groups,
        fit_params=dict(params or {}),
        function=function,
        others=dict(others or {}),
    )
    report.extend(run_checks(cv_checks(), ctx, title))
    return _workers(report, estimator, n_jobs, function)
