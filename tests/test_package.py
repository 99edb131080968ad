"""Packaging promises: a cheap import, and the recipes run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kerasdoctor.demo import load_recipe, recipe_paths

ROOT = Path(__file__).resolve().parents[1]
SRC = str(ROOT / "src")


def run_python(code, **env):
    environment = {**os.environ, "PYTHONPATH": SRC, **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                          timeout=120)


def test_import_does_not_load_tensorflow_keras_or_numpy():
    result = run_python("import sys, kerasdoctor; "
                        "print([m for m in ('tensorflow', 'keras', 'numpy', 'rich') if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


EXPECTED = {
    "unassigned_batch.py": ["KD101"],
    "one_feature_trains_silently.py": ["KD101"],
    "compile_without_loss.py": ["KD201"],
}


def test_every_recipe_has_an_expectation():
    assert {p.name for p in recipe_paths(ROOT / "recipes")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recipe_broken_is_diagnosed_and_fixed_trains_clean(name):
    recipe = load_recipe(ROOT / "recipes" / name)
    assert recipe.broken().codes == EXPECTED[name]
    fixed = recipe.fixed(train=True)
    assert fixed.findings == []


def test_demo_command_runs_the_recipes():
    result = subprocess.run([sys.executable, "-m", "kerasdoctor", "demo", "--no-train"], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": SRC}, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for code in ("KD101", "KD201"):
        assert code in result.stdout
