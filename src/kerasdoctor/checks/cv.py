"""Judgements on a cross-validation or search around a Keras classifier (KD301-KD306, KD901).

The scikeras checks run with them (KD307, KD308) are in `kerasdoctor.checks.scikeras`.

The facts come from `kerasdoctor.facts.cv.audit_folds`, which runs the
splitter scikit-learn will really use; nothing here trains or splits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..findings import Finding, Report, Severity
from ..fixes import stratified_fix
from ..facts import cv as facts
from ..facts import splitters
from ..facts.names import user_name
from . import Skip, crashed, run_checks
from .scikeras import check_build_fn, check_grid

SHOWN = 8   # classes or folds listed in a message before "..."


@dataclass
class CVContext:
    audit: facts.FoldAudit | None
    estimator: Any
    cv_given: Any
    grids: list[dict] = field(default_factory=list)   # the search's param_grid / param_distributions
    search: Any = None                                # the search; None for a cross-validation
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


# ---- helpers ---------------------------------------------------------------------

def listed(items, limit: int = SHOWN) -> str:
    items = list(items)
    shown = ", ".join(map(str, items[:limit]))
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def _labels(audit, mask) -> list:
    return audit.classes[mask].tolist()


def _fold_gaps(audit, counts) -> dict[int, list]:
    """fold -> the classes with no example in that part of the fold."""
    return {j: _labels(audit, counts[:, j] == 0) for j in range(counts.shape[1]) if (counts[:, j] == 0).any()}


def _describe_gaps(gaps: dict[int, list]) -> str:
    return "; ".join(f"fold {j} lacks {_plural_classes(c)}" for j, c in list(gaps.items())[:SHOWN]) + (
        f"; ... ({len(gaps)} folds in all)" if len(gaps) > SHOWN else "")


def _plural_classes(classes) -> str:
    return f"class {classes[0]}" if len(classes) == 1 else f"classes {listed(classes)}"


def _best_k(audit) -> int:
    """The most folds (at most the current number, else 5) that put every class in every fold."""
    wanted = splitters.folds_per_repeat(audit.splitter) or 5
    return max(2, min(int(wanted), int(audit.class_counts.min())))


def _stratified_splitter(audit, k: int) -> str:
    """Paste-able code for a stratified splitter of k folds that keeps the user's groups and repetitions."""
    splitter = audit.splitter
    return stratified_fix(k, groups=splitters.needs_groups(splitter),
                          repeats=splitters.repeats(splitter) if splitters.is_repeated(splitter) else None)


def _stratified_fix(ctx: CVContext) -> str:
    return f"{_stratified_splitter(ctx.audit, _best_k(ctx.audit))}\n{ctx.call}"


def _counted(ctx: CVContext) -> facts.FoldAudit:
    audit = ctx.audit
    if audit is None:
        raise Skip("the folds could not be audited")
    if audit.not_inspected:
        raise Skip(audit.not_inspected)
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
    return (k >= 2 and splitters.shuffles(splitter) is False and not splitters.is_stratified(splitter)
            and not splitters.needs_groups(splitter) and audit.label_runs <= 2 * k)


# ---- the checks --------------------------------------------------------------------

def check_inspected(ctx: CVContext) -> Iterator[Finding]:
    audit = ctx.audit
    if audit is not None and audit.not_inspected:
        yield Finding("KD901", f"The splits were not inspected: {audit.not_inspected}.", where=ctx.where,
                      fix="cv = list(cv)   # materialise the splits once; a list can be read by kerasdoctor "
                          "and by every refit\n" + ctx.call)


def check_stratified(ctx: CVContext) -> Iterator[Finding]:
    """KD301: cv=<int> silently chose an unstratified splitter for a classification target."""
    audit = _counted(ctx)
    if audit.onehot:
        raise Skip("one-hot targets are KD306's concern")
    if not _implicit(ctx):
        raise Skip("the splitter was given explicitly; its folds are judged by KD302-KD305")
    if splitters.is_stratified(audit.splitter):
        return
    yield Finding("KD301", f"{audit.reason}. The {len(audit.classes)} classes of this {audit.target_type} "
                           "target are not spread evenly over the folds.",
                  where=ctx.where, fix=_stratified_fix(ctx))


def check_training_folds(ctx: CVContext) -> Iterator[Finding]:
    """KD302: a training part without some class."""
    audit = _folds(ctx)
    gaps = _fold_gaps(audit, audit.train_counts)
    if not gaps:
        return
    k = len(audit.classes)
    fold, missing = next(iter(gaps.items()))
    present = k - len(missing)
    if audit.wrapper == "scikeras":
        what = (f"scikeras learns classes_ from each training part and encodes its labels as 0..{present - 1}, "
                f"while the model still has {k} outputs: in fold {fold}, as soon as the model's argmax is one of "
                f"outputs {present}..{k - 1}, prediction fails with `IndexError: index {present} is out of bounds "
                f"for axis 0 with size {present}` or a higher index (with GridSearchCV's default "
                "error_score=np.nan, a 'Scoring failed' warning and a nan score); where it does not, the missing "
                "classes are never predicted and the fold's score is wrong")
    elif audit.wrapper == "keras":
        what = (f"keras.wrappers.SKLearnClassifier one-hot encodes each training part's own classes, so a model "
                f"built from y.shape[1] gets {present} outputs instead of {k} in fold {fold}, never predicts the "
                "missing classes, and that fold's score is wrong (no error is raised)")
    else:
        what = "the estimator learns its classes from the training part and can never predict the missing ones"
    yield Finding("KD302", f"With {splitters.splitter_text(audit.splitter)}, the training part of "
                           f"{_describe_gaps(gaps)}. {what}.",
                  where=f"{ctx.where}: folds {listed(gaps)} (training)", fix=_stratified_fix(ctx))


def check_validation_folds(ctx: CVContext) -> Iterator[Finding]:
    """KD303: a validation part that could hold every class but lacks some."""
    audit = _folds(ctx)
    if _sorted_unshuffled(audit):
        raise Skip("the labels are sorted and the splitter does not shuffle: KD305 reports these folds")
    counts = audit.validation_counts.copy()
    if _kfold_like(audit.splitter):   # classes with fewer examples than folds are KD304's
        counts[audit.class_counts < splitters.folds_per_repeat(audit.splitter), :] = 1
    big_enough = audit.validation_sizes >= len(audit.classes)
    counts[:, ~big_enough] = 1         # a fold smaller than the number of classes cannot hold them all
    gaps = _fold_gaps(audit, counts)
    if gaps:
        yield Finding("KD303", f"With {splitters.splitter_text(audit.splitter)}, the validation part of "
                               f"{_describe_gaps(gaps)}: per-class scores are undefined there and the folds' "
                               "scores are averaged over different sets of classes.",
                      where=f"{ctx.where}: folds {listed(gaps)} (validation)", fix=_stratified_fix(ctx))


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
    listed = ", ".join(f"{c} ({n})" for c, n in zip(audit.classes[small].tolist()[:SHOWN],
                                                     audit.class_counts[small].tolist()))
    # a Repeated* splitter reshuffles each repetition, but every repetition is
    # a k-fold over the same classes: the shortage recurs in each of them
    each = (f" in each of its {splitters.repeats(audit.splitter)} repetitions"
            if splitters.is_repeated(audit.splitter) else "")
    message = (f"{audit.splitter_name} makes {k} folds{each}, but {int(small.sum())} classes have fewer examples "
               f"than that (class (examples): {listed}); those classes are missing from some validation folds"
               + (" in every repetition" if each else ""))
    if fewest >= 2:
        message += f". The largest number of folds that puts every class in every fold is {fewest}"
        fix = f"{_stratified_splitter(audit, fewest)}\n{ctx.call}"
    else:
        single = audit.classes[audit.class_counts < 2].tolist()
        message += (f", and {_plural_classes(single)} with a single example cannot be in a training and a "
                    "validation part at once: no number of folds works")
        fix = (f"keep = ~np.isin(y, {single!r})   # or gather more examples of these classes\n"
               "X, y = X[keep], y[keep]")
    if audit.split_error:
        message += f". scikit-learn refuses these splits: {audit.split_error}"
    # An error when the search cannot run or a class cannot be trained on in
    # some fold; otherwise StratifiedKFold only warns and the folds are uneven.
    severity = Severity.ERROR if audit.split_error or fewest < 2 else Severity.WARNING
    yield Finding("KD304", message + ".", where=ctx.where, fix=fix, severity=severity)


def check_sorted(ctx: CVContext) -> Iterator[Finding]:
    """KD305: an unshuffled, unstratified splitter over labels sorted by class."""
    audit = _folds(ctx)
    if not _sorted_unshuffled(audit):
        return
    gaps = _fold_gaps(audit, audit.validation_counts)
    tail = f": the validation part of {_describe_gaps(gaps)}" if gaps else ""
    yield Finding("KD305", f"y comes sorted by class ({audit.label_runs} runs of equal labels over "
                           f"{audit.n_samples} examples) and {splitters.splitter_text(audit.splitter)} cuts contiguous "
                           f"blocks without shuffling, so each fold sees only a few classes{tail}.",
                  where=ctx.where, fix=_stratified_fix(ctx))


def check_onehot(ctx: CVContext) -> Iterator[Finding]:
    """KD306: a one-hot target handed to the splitter."""
    audit = _counted(ctx)
    if not audit.onehot:
        return
    if audit.split_error:
        what = f"{audit.splitter_name} refuses it: {audit.split_error}"
    elif splitters.is_stratified(audit.splitter):
        return
    else:
        what = (f"type_of_target calls it '{audit.target_type}', so {audit.reason} and the "
                f"{len(audit.classes)} classes are not stratified")
    k = _best_k(audit)
    yield Finding("KD306", f"y is one-hot ({audit.n_samples} x {len(audit.classes)}); {what}.", where=ctx.where,
                  fix=(stratified_fix(k, assign="cv = list({}.split(X, y.argmax(1)))")
                       + f"\n{ctx.call}   # still fits on one-hot y; for true multilabel targets use a multilabel "
                       "stratifier (iterative-stratification's MultilabelStratifiedKFold)"))


CHECKS = (
    ("inspected", check_inspected),
    ("legacy-build-fn", check_build_fn),
    ("param-grid-prefix", check_grid),
    ("onehot-target", check_onehot),
    ("stratified", check_stratified),
    ("members-per-class", check_members),
    ("training-folds", check_training_folds),
    ("validation-folds", check_validation_folds),
    ("sorted-labels", check_sorted),
)


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
    except Exception as error:   # never let the audit stop the user's program
        report.findings.append(crashed("audit-folds", error))
        return None


def check_search(search, X, y=None, groups=None, fit_params=None) -> Report:
    """The report for ``search.fit(X, y, groups=groups, **fit_params)``; nothing is fitted."""
    if not splitters.is_search(search):
        raise TypeError(f"check_search needs a scikit-learn search (GridSearchCV, RandomizedSearchCV, "
                        f"HalvingGridSearchCV, ...), got {type(search).__name__}")
    if X is None:
        raise ValueError("check_search needs X, the data you would pass to search.fit")
    title = f"kerasdoctor: {type(search).__name__} over {type(splitters.final_estimator(search.estimator)).__name__}"
    report = Report(title=title)
    audit = _audit(report, search.estimator, X, y, groups, search.cv,
                   halving=type(search).__name__.startswith("Halving"))
    ctx = CVContext(audit, search.estimator, search.cv, _grids(search), search=search)
    return report.extend(run_checks(CHECKS, ctx, title))


def check_cv(estimator, X, y=None, groups=None, cv=5) -> Report:
    """The report for ``cross_val_score(estimator, X, y, groups=groups, cv=cv)``."""
    if not hasattr(estimator, "fit"):
        raise TypeError(f"check_cv needs a scikit-learn estimator, got {type(estimator).__name__}")
    if X is None:
        raise ValueError("check_cv needs X, the data you would pass to cross_val_score")
    title = f"kerasdoctor: cross-validation of {type(splitters.final_estimator(estimator)).__name__}"
    report = Report(title=title)
    audit = _audit(report, estimator, X, y, groups, cv)
    ctx = CVContext(audit, estimator, cv)
    return report.extend(run_checks(CHECKS, ctx, title))
