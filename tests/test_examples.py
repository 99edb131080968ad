"""Every code's executable examples (pylint's bad.py / good.py), run for real.

Each code has ``codes/examples/kdNNN_bad.py`` and ``kdNNN_good.py``: the
Example and Use instead sections of ``kerasdoctor rule CODE``. A code found at
runtime is checked by running both scripts as a user would, with the hooks
installed (every fit() clipped to one step of one epoch): the bad one must
produce the code, the good one must run without any finding or error. A code
visible in source is checked by linting both: the linter must agree.

An example that trains on many devices configures them at its top, as a user's
script does (tests/conftest.py has configured the same devices before TensorFlow
started, which TensorFlow accepts again); one that sets KERAS_BACKEND runs in
the run of that backend (CI's JAX step) and is skipped, with the reason, in the other.
"""

from __future__ import annotations

import re
import runpy
import sys
import warnings

import pytest

import kerasdoctor as kd
from kerasdoctor import codes
from kerasdoctor.codes import registry
from kerasdoctor.explanations import NOTE_PREFIX

pytestmark = pytest.mark.backend_independent

registry.load_detectors()
ALL = codes.all_codes()
RUNTIME = [c for c in ALL if set(c.found_by) - set(registry.LINT_KINDS)]
LINTED = [c for c in ALL if set(c.found_by) & set(registry.LINT_KINDS)]


PLURALS = "classes|units|folds|keys|values|examples|columns|batches|checks|files|layers|labels|rows|epochs|steps"
SLIPS = {
    "a doubled word": re.compile(r"\b(\w+) \1\b", re.IGNORECASE),
    "one of a plural": re.compile(rf"(?<![\d.,/])\b1 ({PLURALS})\b"),
    "a doubled full stop": re.compile(r"[^.\d]\.\.(\s|$)"),
}


def slips(text: str) -> list[str]:
    """What does not read well in a message: doubled words, "1 classes", a sentence ending in ".."."""
    return [f"{name}: {match.group(0)!r}" for name, pattern in SLIPS.items() for match in pattern.finditer(text)]


def test_the_wording_checker_finds_the_slips():
    assert slips("1 classes have fewer examples") and slips("the the loss") and slips("it refuses it..")
    assert not slips("labels 0..9 in 1 class, 10 classes, 1.5 units, 0/1 rows, ... and so on")


def needs(code) -> list:
    """The marks an example's text calls for: its backend, and logical devices."""
    text = code.example_text("bad") + code.example_text("good")
    marks = []
    if 'os.environ["KERAS_BACKEND"] = "jax"' in text:
        marks.append(pytest.mark.jax_backend)
    elif "tf.distribute" in text:
        marks.append(pytest.mark.tensorflow_backend)
    if "set_logical_device_configuration" in text or "jax_num_cpu_devices" in text:
        marks.append(pytest.mark.distributed)
    return marks


def each(codes_: list) -> list:
    return [pytest.param(code, marks=needs(code), id=str(code)) for code in codes_]


def run_example(code, which: str) -> tuple[list[str], BaseException | None]:
    """The codes kerasdoctor reports while the example runs (hooks installed, fits clipped), and what it raised."""
    path = code.example_path(which)
    raised = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras' and scikit-learn's own warnings are not the subject here
        with kd.installed(strict=True, on_fail="return", epochs_cap=1, steps_cap=1) as session:
            try:
                runpy.run_path(str(path), run_name="__main__")
            except Exception as error:  # noqa: BLE001  (a bad example may fail as Keras fails)
                raised = error
    for finding in session.report.findings:  # every message shown reads well
        assert not slips(finding.message), (finding.code, finding.message, slips(finding.message))

    keras = sys.modules.get("keras")
    if keras is not None and keras.distribution.distribution() is not None:
        # An example's distribution must not reach the next one, nor the variables a failed build left
        # waiting in Keras' global state to be initialised (under the next example's layout).
        keras.distribution.set_distribution(None)
        keras.utils.clear_session()
    found = [f.code for f in session.report.findings]
    notes = [n for n in getattr(raised, "__notes__", ()) if n.startswith(NOTE_PREFIX)]
    found += [n.split()[1] for n in notes]
    return found, raised


@pytest.mark.parametrize("code", ALL, ids=str)
def test_every_code_has_documentation_a_detector_and_both_examples(code):
    assert code.summary and code.what and code.why
    assert code.found_by, f"{code} has no detector"
    assert code.example_path("bad").is_file() and code.example_path("good").is_file()
    assert code.example in code.docs and code.use_instead in code.docs


@pytest.mark.parametrize("code", each(RUNTIME))
def test_the_bad_example_fires_and_the_good_one_runs_clean(code):
    found, _ = run_example(code, "bad")
    assert code.code in found
    found, raised = run_example(code, "good")
    assert raised is None and found == []


@pytest.mark.parametrize("code", ALL, ids=str)
def test_the_linter_agrees(code):
    bad = kd.lint(str(code.example_path("bad")))
    good = kd.lint(str(code.example_path("good")))
    if code in LINTED:
        assert code.code in bad.codes
    assert good.codes == []
