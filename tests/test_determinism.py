"""The hooks change nothing a working program computes: seeded training programs (tests/programs/
seeded_training.py: arrays, datasets, a PyDataset with augmentation, add_loss, searches with n_jobs=2,
pickling) run plain and under `kerasdoctor run`, each in a fresh process, compute bit-identical histories,
weights and random draws."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

PROGRAMS = Path(__file__).parent / "programs" / "seeded_training.py"
SRC = Path(__file__).resolve().parents[1] / "src"


def start(tmp_path: Path, hooked: bool) -> tuple[subprocess.Popen, Path]:
    out = tmp_path / ("hooked.pkl" if hooked else "plain.pkl")
    env = {**os.environ, "PYTHONPATH": str(SRC), "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}
    if hooked:  # as a user runs it: `kerasdoctor run SCRIPT -- ARGS`
        command = [sys.executable, "-m", "kerasdoctor", "run", "--no-lint", str(PROGRAMS), "--", str(out)]
    else:
        command = [sys.executable, str(PROGRAMS), str(out)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True), out


def results(process: subprocess.Popen, out: Path) -> dict:
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr[-3000:]
    with open(out, "rb") as handle:
        return pickle.load(handle)


def identical(a, b) -> bool:
    """Equal bit for bit: arrays by their bytes, floats by their representation, containers item by item."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(map(identical, a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return isinstance(b, float) and a.hex() == b.hex()
    return a == b


@pytest.mark.slow
def test_seeded_programs_compute_the_same_bits_hooked(tmp_path):
    runs = [start(tmp_path, hooked=False), start(tmp_path, hooked=True)]  # side by side: two fresh processes
    plain, hooked = (results(*run) for run in runs)
    assert plain.keys() == hooked.keys()
    differ = [name for name in plain if not identical(plain[name], hooked[name])]
    assert differ == [], {name: (plain[name], hooked[name]) for name in differ}
    assert plain["add_loss"]["calls"] > 0 and plain["pickling"]["pickled"] == ["fit", "cross_val_score"]
