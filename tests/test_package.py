"""Packaging promises: a cheap import, and the recipes run."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kerasdoctor import demo
from kerasdoctor.demo import load_recipe, recipe_paths

ROOT = Path(__file__).resolve().parents[1]
SRC = str(ROOT / "src")
RECIPES = ROOT / "src" / "kerasdoctor" / "recipes"


def run_python(code, **env):
    environment = {**os.environ, "PYTHONPATH": SRC, **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=120)


def test_import_does_not_load_tensorflow_keras_or_numpy():
    heavy = "('tensorflow', 'keras', 'numpy', 'rich', 'sklearn', 'scikeras')"
    result = run_python(f"import sys, kerasdoctor; print([m for m in {heavy} if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


EXPECTED = {
    "unassigned_batch.py": ["KD101"],
    "one_feature_trains_silently.py": ["KD101"],
    "compile_without_loss.py": ["KD201"],
    "onehot_vs_sparse.py": ["KD203"],
    "gridsearch_missing_class.py": ["KD301", "KD302", "KD305"],
    "nan_trains_silently.py": ["KD110"],
    "migrate_scikeras.py": ["KD309", "KD310", "KD311"],
}


# Recipes that answer a question with reports (explain()) instead of broken/fixed pipelines.
EXPLAINED = {"param_counts.py"}

# Recipes that train a grid search (a Keras model per fold and candidate): ~16 s each run.
SLOW_RECIPES = {"gridsearch_missing_class.py", "migrate_scikeras.py"}


def recipe_names():
    """The names of EXPECTED as parameters, the slow recipes marked slow (``pytest -m "not slow"`` skips them)."""
    return [pytest.param(name, marks=pytest.mark.slow) if name in SLOW_RECIPES else name for name in sorted(EXPECTED)]


def test_every_recipe_has_an_expectation():
    assert {p.name for p in recipe_paths(RECIPES)} == set(EXPECTED) | EXPLAINED


def test_param_counts_recipe_gives_the_seed_numbers():
    reports = load_recipe(RECIPES / "param_counts.py").explain()
    by_start = {question.split(":")[0]: report for question, report in reports.items()}
    assert by_start["LSTM(1) on 1 feature"].total == 12
    assert by_start["LSTM(1) on 2 features"].rows[0].formula == "4 × ((2 + 1) × 1 + 1²) = 16"
    gates = by_start["LSTM(1) on 2 features, weight by weight and gate by gate"]
    assert gates.row.weights[0].shape == (2, 4) and gates.row.weights[0].slices[0][1] == "input gate i"
    assert [r.params for r in by_start["SimpleRNN(10) on 1 feature"].rows] == [120, 11]
    assert by_start["LSTM(256) on 4096 features"].total == 4457472
    dense = by_start["A dense network on 32×32 grey images"]
    assert [r.params for r in dense.rows if r.params] == [1025000, 512512, 131328, 1028]


@pytest.mark.parametrize("name", recipe_names())
def test_recipe_broken_is_diagnosed_and_fixed_trains_clean(name):
    recipe = load_recipe(RECIPES / name)
    assert demo.broken(recipe).codes == EXPECTED[name]
    assert demo.fixed(recipe, train=True).findings == []


@pytest.mark.slow
def test_the_broken_recipe_really_fails_in_keras_and_the_fixed_one_trains(tmp_path):
    script = str(RECIPES / "unassigned_batch.py")
    env = {**os.environ, "PYTHONPATH": SRC}
    broken = subprocess.run([sys.executable, script, "broken"], capture_output=True, text=True, env=env, timeout=300)
    assert broken.returncode != 0 and "incompatible shape" in broken.stderr
    # the same recipe as a module of the installed package, from any directory
    fixed = subprocess.run(
        [sys.executable, "-m", "kerasdoctor.recipes.unassigned_batch", "fixed"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert fixed.returncode == 0, fixed.stderr


def test_the_nan_recipe_really_trains_silently_and_its_fix_trains():
    recipe = load_recipe(RECIPES / "nan_trains_silently.py")
    model, kwargs = recipe.broken_pipeline()
    history = model.fit(**{**kwargs, "epochs": 2}, verbose=0)  # no exception
    assert np.isnan(history.history["loss"][-1])
    assert all(np.isnan(w).all() for w in model.get_weights())
    # every prediction is NaN, read as class 0: accuracy is the share of class 0
    stuck = history.history["accuracy"][-1]
    assert stuck == pytest.approx(np.mean(kwargs["y"] == 0))
    model, kwargs = recipe.fixed_pipeline()
    losses = model.fit(**kwargs, verbose=0).history
    assert np.isfinite(losses["loss"]).all() and losses["loss"][-1] < losses["loss"][0]
    assert losses["accuracy"][-1] > stuck


@pytest.mark.slow
def test_demo_command_runs_the_recipes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kerasdoctor", "demo", "--no-train"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=300,
        cwd=tmp_path,  # the recipes are package data: any directory works
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for code in ("KD101", "KD201"):
        assert code in result.stdout


@pytest.mark.slow
def test_the_broken_grid_search_recipe_really_fails_as_reported():
    import warnings

    import numpy as np

    recipe = load_recipe(RECIPES / "gridsearch_missing_class.py")
    search, kwargs = recipe.broken_pipeline()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(**kwargs)
    failed = [str(w.message) for w in caught if "Scoring failed" in str(w.message)]
    assert failed and all("IndexError: index" in text for text in failed)
    scores = search.cv_results_["mean_test_score"]
    assert np.isnan(scores).any() and np.nan_to_num(scores).max() < 0.05  # a missing class is never predicted


@pytest.mark.slow
def test_the_scikeras_search_and_its_migration_train_the_same_grid_for_the_same_epochs():
    import ast
    import warnings

    recipe = load_recipe(RECIPES / "migrate_scikeras.py")
    broken = {f.code: f for f in demo.broken(recipe).findings}
    fixed, kwargs = recipe.fixed_pipeline()
    # the fixes printed for the broken port are what the fixed pipeline does
    assert ast.literal_eval(broken["KD311"].fix.splitlines()[0].split(" = ", 1)[1]) == fixed.param_grid
    assert broken["KD309"].fix.startswith("search.fit(X, y, epochs=3, verbose=0)")  # (names: this frame's)
    assert {k: kwargs[k] for k in ("epochs", "verbose")} == {"epochs": 3, "verbose": 0}
    original, original_kwargs = recipe.scikeras_pipeline()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        original.fit(**original_kwargs)
        fixed.fit(**kwargs)
    assert original.cv_results_["params"] == [{"model__units": 8}, {"model__units": 16}]
    assert fixed.cv_results_["params"] == [{"model_kwargs": {"units": 8}}, {"model_kwargs": {"units": 16}}]
    assert len(original.best_estimator_.history_["loss"]) == len(fixed.best_estimator_.history_.epoch) == 3
