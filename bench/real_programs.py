"""Real programs: broken training scripts in the style of Stack Overflow questions, and their fixed twins.

Each pair in bench/real_programs/ (``NN_topic_broken.py``, ``NN_topic_fixed.py``) is a complete small
script (synthetic data in place of downloads). Every script runs in this process as ``kerasdoctor run``
runs it: hooks installed, every fit() capped at 1 epoch of 2 steps, the script linted first. Printed:

- mistakes diagnosed before the call they break / scripts: the code that names the broken script's
  mistake (``EXPECTED``) is among the findings made before the failing or silently wrong call ran
  (runtime checks and lint), or in the note kerasdoctor attaches to an error raised before any
  training (a model Keras refuses while it is built);
- error findings on the fixed twins (runtime and lint), and fixed twins that raise.

    python bench/real_programs.py            # all pairs
    python bench/real_programs.py 05 17      # the pairs whose names start with these
"""

from __future__ import annotations

import contextlib
import io
import runpy
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import _common  # noqa: F401  (quiet TensorFlow)

HERE = Path(__file__).resolve().parent / "real_programs"

# The code that names each broken script's mistake.
EXPECTED = {
    "01_unassigned_batch": "KD101",
    "02_lstm_on_2d_windows": "KD104",
    "03_lstm_input_shape_at_construction": "KD104",
    "04_embedding_sequence_output_binary": "KD206",
    "05_predict_one_image": "KD101",
    "06_predict_row_in_brackets": "KD101",
    "07_to_categorical_with_sparse_loss": "KD203",
    "08_class_ids_with_categorical_loss": "KD204",
    "09_labels_one_to_ten": "KD205",
    "10_softmax_on_one_unit": "KD207",
    "11_compile_without_loss": "KD201",
    "12_compiled_another_model": "KD202",
    "13_train_features_all_labels": "KD109",
    "14_float_steps_per_epoch": "KD117",
    "15_grayscale_without_channel": "KD104",
    "16_cnn_without_flatten": "KD206",
    "17_sequence_output_one_price": "KD206",
    "18_tags_per_word_last_step_model": "KD206",
    "19_one_unit_three_targets": "KD206",
    "20_batched_twice": "KD103",
    "21_repeat_without_steps": "KD108",
    "22_drop_remainder_too_few": "KD107",
    "23_dict_keys_not_input_names": "KD105",
    "24_images_into_flat_input": "KD104",
    "25_validation_labels_of_another_split": "KD109",
    "26_tiny_images_deep_cnn": "KD104",
    "27_from_logits_on_softmax": "KD207",
    "28_conv1d_on_flat_signals": "KD104",
    "29_wide_head_column_target": "KD206",
    "30_two_heads_one_loss": "KD208",
    "31_unbatched_dataset_unbuilt_model": "KD101",
    "32_evaluate_one_example": "KD101",
    "33_gridsearch_unstratified": "KD301",
    "34_hello_world_predict_list": "KD111",
    "35_labels_appended_to_a_list": "KD111",
    "36_evaluate_with_training_labels": "KD109",
}


@dataclass
class Run:
    """What kerasdoctor said about one script, and how the script ended."""

    findings: list = field(default_factory=list)  # made by the hooks before each call ran
    lint: list = field(default_factory=list)
    noted: list[str] = field(default_factory=list)  # codes of the notes on the error the script raised
    raised: BaseException | None = None
    trained: int = 0  # hooked calls that went on to run

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings} | {f.code for f in self.lint}

    @property
    def errors(self) -> list:
        return [f for f in self.findings + self.lint if f.severity.value == "error"]

    @property
    def warnings(self) -> list:
        return [f for f in self.findings + self.lint if f.severity.value == "warning"]


def run_script(path: Path) -> Run:
    """Run one script as `kerasdoctor run --epochs-cap 1 --steps-cap 2` would, its output swallowed."""
    import keras

    import kerasdoctor as kd
    from kerasdoctor.explanations import NOTE_PREFIX, attach_note

    keras.backend.clear_session()
    run = Run(lint=list(kd.lint(str(path)).findings))
    quiet = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        warnings.simplefilter("ignore")
        with kd.installed(on_fail="return", epochs_cap=1, steps_cap=2) as session:
            try:
                runpy.run_path(str(path), run_name="__main__")
            except Exception as error:  # noqa: BLE001  (a broken script fails as Keras makes it fail)
                attach_note(error)  # what `kerasdoctor run` adds to an error raised outside the hooked calls
                run.raised = error
        run.findings, run.trained = list(session.report.findings), session.trained
    notes = getattr(run.raised, "__notes__", ())
    run.noted = [str(n).split()[1] for n in notes if str(n).startswith(NOTE_PREFIX)]
    return run


def diagnosed(expected: str, broken: Run) -> str:
    """How the mistake was named: "before" (a finding made before the call, or lint), "at build" (the note on
    an error raised while the model is built, before any training call), or "" (not named)."""
    if expected in broken.codes:
        return "before"
    if expected in broken.noted and broken.trained == 0:
        return "at build"
    return ""


def main(prefixes: list[str]) -> int:
    names = [n for n in EXPECTED if not prefixes or n.startswith(tuple(prefixes))]
    named, fixed_errors, fixed_raised, fixed_warnings = 0, 0, 0, []
    print(f"{'script':40} {'expect':6} {'broken: found (how)':40} fixed twin")
    for name in names:
        broken = run_script(HERE / f"{name}_broken.py")
        fixed = run_script(HERE / f"{name}_fixed.py")
        how = diagnosed(EXPECTED[name], broken)
        named += bool(how)
        fixed_errors += len(fixed.errors)
        fixed_warnings += [f"{name}: {f.code}" for f in fixed.warnings]
        fixed_raised += fixed.raised is not None
        found = ",".join(sorted(broken.codes | set(broken.noted))) or "-"
        twin = (
            "clean"
            if not fixed.errors and fixed.raised is None
            else (
                f"{len(fixed.errors)} error(s) {','.join(f.code for f in fixed.errors)}"
                + (f", raised {type(fixed.raised).__name__}: {str(fixed.raised)[:60]}" if fixed.raised else "")
            )
        )
        print(f"{name:40} {EXPECTED[name]:6} {found + (f' ({how})' if how else ' (MISSED)'):40} {twin}")
    total = len(names)
    print(f"mistakes diagnosed before the call they break: {named}/{total} ({named / total:.0%})")
    print(f"error findings on the fixed twins: {fixed_errors}; fixed twins that raise: {fixed_raised}/{total}")
    print(
        f"warnings on the fixed twins: {len(fixed_warnings)}"
        + (f" ({', '.join(fixed_warnings)})" if fixed_warnings else "")
    )
    return 0 if named == total and not fixed_errors and not fixed_raised else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
