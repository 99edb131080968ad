"""The session of installed hooks: its settings, what it found (each problem once), and its counters.

Showing a new finding is `render.show`'s; the session decides what is new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..codes.cv import KD302
from ..codes.targets import KD206, fold_lacks_classes
from ..findings import KerasDoctorError, Report
from ..render.show import show as show_findings

ON_FAIL = ("warn", "print", "display", "raise", "return")


@dataclass
class Session:
    strict: bool = False
    on_fail: str = "warn"
    epochs_cap: int | None = None
    steps_cap: int | None = None
    stream: Any = None  # where on_fail="print" writes; None: sys.stderr
    # show what --strict stops on as it is found (`kerasdoctor run`, whose script may catch the error);
    # otherwise only the KerasDoctorError raised shows it, once
    show_stops: bool = False
    report: Report = field(default_factory=lambda: Report(title="kerasdoctor: findings of this run"))
    calls: int = 0  # hooked calls that ran the checks (fit, search, cross-validation)
    trained: int = 0  # of them, those that went on to the real method
    checked: dict = field(default_factory=dict)  # "GridSearchCV.fit" -> calls checked
    stopped: KerasDoctorError | None = None  # what --strict raised inside the current outer call
    outer_calls: int = 0  # hooked calls made outside any other hooked call
    installed_for_good: bool = False  # made by install() (until uninstall), not by an installed() block
    _seen: set = field(default_factory=set, repr=False)
    _outer_codes: frozenset = frozenset()  # the codes found on the current outer call (a search's audit)

    def count(self, name: str) -> None:
        """One more checked call of ``name`` ("Sequential.fit", "cross_val_score")."""
        self.calls += 1
        self.checked[name] = self.checked.get(name, 0) + 1

    def new_run(self) -> None:
        """Show again what recurs from now on (a notebook cell run anew); the findings stay in ``report``."""
        self._seen.clear()

    def record(self, report: Report, nested: bool = False, show: bool = True) -> Report:
        """Keep and show the findings not seen before in this session (code + location + message).

        ``nested``: the report of a call made inside another hooked call (the Keras
        fit of each fold of a search builds a new model, so layer names and the
        fold's numbers change from fold to fold): each code is shown once per
        outer call.
        """
        new = Report(title=report.title)
        if not nested:
            self._outer_codes = frozenset(report.codes)
        for finding in report.findings:
            if nested and finding.code == KD206.code and KD302.code in self._outer_codes:
                # a fold's training part lacks classes the data has: the output fits the data, the folds
                # do not; a narrower Dense would break every other fold
                finding = fold_lacks_classes(finding)
            key = (
                ("nested", self.outer_calls, finding.code)
                if nested
                else (finding.code, finding.location, finding.message)
            )
            if key not in self._seen:
                self._seen.add(key)
                new.findings.append(finding)
        self.report.findings.extend(new.findings)
        if new.findings and (show or self.show_stops):  # else the KerasDoctorError about to be raised shows them
            # a warning points at the user's call: show <- record (1) <- wrapping._before (2)
            # <- the hooked method (3) <- the user's fit()/search.fit()/cross_val_score() line (4)
            show_findings(new, self.on_fail, self.stream, stacklevel=4)
        return new
