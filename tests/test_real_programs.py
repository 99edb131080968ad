"""A handful of bench/real_programs: broken scripts are named before the call they break, fixed twins are clean.

The whole corpus runs with `python bench/real_programs.py` (a few minutes); here three pairs.
"""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))
import real_programs  # noqa: E402

SAMPLE = [
    "02_lstm_on_2d_windows",  # a Sequential without Input, built for the data
    "05_predict_one_image",  # predict() checked before it runs
    "03_lstm_input_shape_at_construction",  # raised while the model is built: the note
]


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLE)
def test_a_real_program_is_diagnosed_and_its_fixed_twin_is_clean(name):
    broken = real_programs.run_script(real_programs.HERE / f"{name}_broken.py")
    assert real_programs.diagnosed(real_programs.EXPECTED[name], broken)
    fixed = real_programs.run_script(real_programs.HERE / f"{name}_fixed.py")
    assert fixed.errors == [] and fixed.raised is None
