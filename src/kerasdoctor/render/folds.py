"""Showing a FoldAudit: a classes x folds table (rich, Markdown, HTML) and a heatmap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .protocol import Rendered


@dataclass(frozen=True)
class FoldTable(Rendered):
    """Per class and fold: training and validation counts (NumPy arrays, classes x folds)."""

    _width, _css_class = 120, "kerasdoctor-folds"

    classes: Any
    train: Any
    validation: Any

    @property
    def shape(self) -> tuple[int, int]:
        return (0, 0) if self.train is None else tuple(self.train.shape)

    def rows(self):
        """(class, [(train, validation) per fold]) for each class."""
        if self.train is None:
            return []
        return [
            (label, list(zip(map(int, self.train[i]), map(int, self.validation[i]))))
            for i, label in enumerate(self.classes.tolist())
        ]

    def to_markdown(self) -> str:
        folds = self.shape[1]
        head = "| class | " + " | ".join(f"fold {j} train/val" for j in range(folds)) + " |"
        lines = [head, "|---|" + "---|" * folds]
        for label, cells in self.rows():
            lines.append(f"| {label} | " + " | ".join(f"{t}/{v}" for t, v in cells) + " |")
        return "\n".join(lines)

    def _renderable(self):
        table = Table(title="examples per class: train / validation", show_lines=False)
        table.add_column("class", justify="right")
        for j in range(self.shape[1]):
            table.add_column(f"fold {j}", justify="right")
        for label, cells in self.rows():
            row = [Text(str(label))]
            for train, validation in cells:
                cell = Text()
                cell.append(str(train), style="bold red" if train == 0 else "")
                cell.append(" / ")
                cell.append(str(validation), style="yellow" if validation == 0 else "")
                row.append(cell)
            table.add_row(*row)
        return table


def audit_summary(audit) -> str:
    lines = [
        f"splitter: {audit.splitter_name if audit.splitter is not None else 'not inspected'}",
        f"why: {audit.reason or audit.not_inspected}",
        "installed: " + ", ".join(f"{k} {v or 'not installed'}" for k, v in audit.versions.items()),
        f"target: {audit.target_type}"
        + (" (one-hot)" if audit.onehot else "")
        + (f", {len(audit.classes)} classes, {audit.n_samples} examples" if audit.classes is not None else ""),
    ]
    if audit.n_groups is not None:
        lines.append(f"groups: {audit.n_groups}")
    refused = audit.refused and f"scikit-learn refuses {audit.refused}"
    for note in (refused, audit.skipped, audit.split_error, *audit.split_warnings):
        if note:
            lines.append(f"note: {note}")
    return "\n".join(lines)


def audit_renderable(audit):
    parts = [Text("fold audit", style="bold"), Text(audit_summary(audit))]
    if audit.train_counts is not None:
        parts.append(audit.table)
    return Group(*parts)


def plot_audit(audit, ax=None):
    """Two heatmaps (training, validation): examples per class and fold; zeros stand out."""
    try:
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError as error:  # an optional extra
        raise ImportError("FoldAudit.plot() needs matplotlib: pip install 'kerasdoctor[plot]'") from error
    if audit.train_counts is None:
        raise ValueError(
            f"nothing to plot: {audit.refused or audit.skipped or audit.split_error or audit.not_inspected}"
        )
    if ax is None:
        height = min(2.5 + 0.18 * len(audit.classes), 14)
        fig, ax = plt.subplots(1, 2, figsize=(9, height), sharey=True, squeeze=True, layout="constrained")
    else:
        fig = ax[0].figure
    for axis, counts, title in (
        (ax[0], audit.train_counts, "training"),
        (ax[1], audit.validation_counts, "validation"),
    ):
        image = axis.imshow(counts, aspect="auto", cmap="viridis", interpolation="nearest")
        rows, cols = (counts == 0).nonzero()
        axis.scatter(cols, rows, marker="x", color="red", s=20, label="class missing from this part")
        axis.set_title(f"{title} part: examples per class")
        axis.set_xlabel("fold")
        axis.set_xticks(range(counts.shape[1]))
        bar = fig.colorbar(image, ax=axis, label="examples")
        bar.locator = MaxNLocator(integer=True)  # counts: whole numbers on the bar
        bar.update_ticks()
    labels = [str(c) for c in audit.classes.tolist()]
    step = max(1, len(labels) // 40)
    ax[0].set_yticks(range(0, len(labels), step), labels[::step])
    ax[0].set_ylabel("class")
    marked = [axis for axis, counts in zip(ax, (audit.train_counts, audit.validation_counts)) if (counts == 0).any()]
    if marked:  # what the red marks mean, once
        marked[0].legend(loc="upper right", fontsize="small", framealpha=0.9)
    # the splitter with its settings (KFold(n_splits=5, shuffle=False, ...)), as scikit-learn prints it
    fig.suptitle(f"{audit.splitter!r}\n{audit.estimator}", fontsize="medium")
    return fig
