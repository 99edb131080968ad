"""The parameter-count report: every layer's count explained by its formula.

    rep = kd.params(model)          # a ParamReport
    print(rep)                      # a table; HTML in Jupyter; rep.to_dict(), rep.to_markdown()
    kd.params(model.layers[1]).explain()

Facts (report.py: rows and totals), formulas (formula.py, core.py,
recurrent.py) and rendering (render/params.py) are kept apart, as in torchinfo.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..render.protocol import Rendered
from .replicas import Replication, replication
from .report import ParamRow, WeightRow, collect

__all__ = ["ParamReport", "ParamRow", "WeightRow", "Explanation", "Replication", "build_report"]


@dataclass
class Explanation(Rendered):
    """One layer, weight by weight (and gate by gate for recurrent layers)."""

    row: ParamRow

    _width, _css_class = 140, "kerasdoctor-params"

    def _renderable(self):
        from ..render.params import explanation_renderable

        return explanation_renderable(self.row)

    def to_dict(self) -> dict:
        return self.row.to_dict()


@dataclass
class ParamReport(Rendered):
    _width, _crop, _css_class = 140, False, "kerasdoctor-params"  # no name is ever cut (render.params)

    title: str
    rows: list[ParamRow]
    totals: dict  # params, trainable, non_trainable (Keras' own), bytes by dtype
    expand: bool = False  # show the rows of nested models and wrappers
    replication: Replication | None = None  # how a strategy or keras.distribution spreads the weights

    def __repr__(self) -> str:  # short; str() and IPython show the table
        params = self.totals["params"]
        return f"<ParamReport {self.title}: {'?' if params is None else f'{params:,}'} params>"

    @property
    def per_replica(self) -> str:
        """The memory each replica (or device) holds, in words ("" on one device)."""
        from ..render.params import replication_text

        return replication_text(self.replication) if self.replication is not None else ""

    @property
    def total(self) -> int | None:
        """Keras' count_params(); None while the model is not built (no weights yet: count unknown)."""
        return self.totals["params"]

    @property
    def built(self) -> bool:
        return self.totals["params"] is not None

    @property
    def not_built(self) -> str:
        """Why there are no counts ("" once built)."""
        if self.built:
            return ""
        return (
            f"{self.title} is not built: Keras has created no weights yet, so the parameter counts are "
            "unknown (count_params() raises). Give it an input shape: keras.Input(shape) first in a Sequential, "
            ".build((None, *shape)), or call it on a batch of data"
        )

    def all_rows(self, include_children: bool = True):
        """Every row, depth first (nested models' and wrappers' layers included)."""
        stack = list(reversed(self.rows))
        while stack:
            row = stack.pop()
            yield row
            if include_children:
                stack.extend(reversed(row.children))

    def row(self, name: str) -> ParamRow:
        for row in self.all_rows():
            if row.name == name:
                return row
        raise KeyError(f"no layer named {name!r}; layers: {[r.name for r in self.rows]}")

    def explain(self, name: str | None = None):
        """One layer weight by weight: the named one, the only one, or every layer that owns weights."""
        if name is not None:
            return Explanation(self.row(name))
        if len(self.rows) == 1:
            return Explanation(self.rows[0])
        return [Explanation(r) for r in self.all_rows(include_children=False) if r.params]

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "built": self.built,
            "rows": [r.to_dict() for r in self.rows],
            "totals": dict(self.totals),
            "replication": self.replication.to_dict() if self.replication is not None else None,
        }

    def to_json(self, indent: int | None = 2) -> str:
        from ..render.json import dumps

        return dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_markdown(self) -> str:
        from ..render.params import render_markdown

        return render_markdown(self)

    def _renderable(self):
        from ..render.params import report_renderable

        return report_renderable(self)


def build_report(obj, expand: bool = False) -> ParamReport:
    rows, totals = collect(obj)
    spread = replication(obj, totals["bytes"]) if totals["params"] is not None else None
    return ParamReport(f"{type(obj).__name__} {obj.name!r}", rows, totals, expand, spread)
