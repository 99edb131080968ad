"""`kerasdoctor run`: every recipe, broken and fixed, run as `python -m kerasdoctor.recipes.X broken|fixed` would.

In-process through `cli.main` (runpy, like the command itself); one subprocess
checks what only a process shows: the exit status and a stdout holding only the JSON.
"""

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from lint.test_corpus import _function_lines  # the lines of a recipe's broken_pipeline()
from test_package import EXPECTED, recipe_names  # each recipe's expected codes, kept in one place

from kerasdoctor import hooks
from kerasdoctor.cli import main

ROOT = Path(__file__).resolve().parents[1]
RECIPES = ROOT / "src" / "kerasdoctor" / "recipes"
FAST = ["--epochs-cap", "1", "--steps-cap", "2"]


def run_json(tmp_path, *argv):
    out = tmp_path / "report.json"
    code = main(["run", *argv[:1], "--format", "json", "--output", str(out), *argv[1:]])
    return code, json.loads(out.read_text())


@pytest.mark.parametrize("name", recipe_names())
def test_broken_recipe_is_reported_before_training(name, capsys):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        main(["run", str(RECIPES / name), *FAST, "--", "broken"])
    if name == "gridsearch_missing_class.py":  # what the broken search really does, expected: asserted, not printed
        failed = [str(w.message) for w in caught if "Scoring failed" in str(w.message)]
        assert failed and all("IndexError: index" in text for text in failed)
    err = capsys.readouterr().err
    for code in EXPECTED[name]:
        assert f"{code} [" in err  # [error] or [warning]: the search's KD301/KD305 are warnings
        # the report comes first; Keras' own traceback (if the recipe fails at all) after it
        assert "Traceback" not in err or err.index(code) < err.index("Traceback")
    assert not hooks.is_installed()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_recipe_with_strict_exits_1_without_training(name, tmp_path):
    code, report = run_json(tmp_path, str(RECIPES / name), "--strict", "--", "broken")
    assert code == 1
    assert [f["code"] for f in report["findings"]] == EXPECTED[name]
    assert report["run"]["fit_calls"] == 1 and report["run"]["fit_calls_trained"] == 0


@pytest.mark.parametrize("name", recipe_names())
def test_fixed_recipe_reports_nothing_and_its_exit_code_passes(name, tmp_path):
    code, report = run_json(tmp_path, str(RECIPES / name), "--strict", *FAST, "--", "fixed")
    assert code == 0 and report["findings"] == [] and report["ok"]
    assert report["run"]["fit_calls_trained"] == report["run"]["fit_calls"] >= 1
    # The file holds the broken half too: the lint (which reads the whole file and
    # never stops the script) may report it, but only inside broken_pipeline().
    broken = _function_lines(RECIPES / name, "broken_pipeline")
    assert all(f["line"] in broken for f in report["lint"]["findings"])


@pytest.mark.slow
def test_a_search_counts_as_one_checked_call_and_its_keras_fits_are_capped(tmp_path):
    code, report = run_json(tmp_path, str(RECIPES / "gridsearch_missing_class.py"), *FAST, "--no-lint", "--", "fixed")
    checked = report["run"]["checked"]
    # 4 candidates x 5 folds + the refit on all the data, each a capped Sequential.fit
    # and each scoring predict() of those fits is checked too (5 folds x 4 candidates)
    assert code == 0 and checked == {"GridSearchCV.fit": 1, "Sequential.fit": 21, "Sequential.predict": 20}
    assert report["run"]["fit_calls"] == 42 and report["lint"] is None


SCRIPT = """
import json, os, sys
print(json.dumps({"argv": sys.argv, "path0": sys.path[0], "cwd": os.getcwd(), "name": __name__}))
sys.exit(int(sys.argv[1]))
"""


def test_script_runs_as_python_would_and_its_exit_code_passes(tmp_path, capsys):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    code = main(["run", str(script), "--", "3", "--lr", "0.1"])
    seen = json.loads(capsys.readouterr().out)
    assert code == 3
    assert seen == {
        "argv": [str(script), "3", "--lr", "0.1"],
        "path0": str(tmp_path),
        "cwd": os.getcwd(),
        "name": "__main__",
    }


LINTED = """
import sys
import tensorflow as tf
ds = tf.data.Dataset.range(8)
ds.batch(2)
print("the script started", file=sys.stderr)
sys.exit(4)
"""


def test_the_script_is_linted_first_and_lint_findings_never_stop_it(tmp_path, capsys):
    script = tmp_path / "train.py"
    script.write_text(LINTED)
    assert main(["run", str(script), "--strict"]) == 4  # --strict is about the runtime checks only
    err = capsys.readouterr().err
    assert "KD102" in err and err.index("KD102") < err.index("the script started")
    code, report = run_json(tmp_path, str(script))
    assert code == 4 and report["findings"] == []
    assert [(f["code"], f["line"]) for f in report["lint"]["findings"]] == [("KD102", 5)]
    assert main(["run", str(script), "--no-lint"]) == 4 and "KD102" not in capsys.readouterr().err


BUILT_WRONG = """
import keras
model = keras.Sequential([keras.Input((8,)), keras.layers.LSTM(4), keras.layers.Dense(1)])
"""


def test_an_uncaught_error_raised_while_the_model_is_built_gets_its_note(tmp_path, capsys):
    script = tmp_path / "train.py"
    script.write_text(BUILT_WRONG)
    assert main(["run", str(script), "--no-lint"]) == 1
    err = capsys.readouterr().err
    assert "expected ndim=3, found ndim=2" in err
    assert "kerasdoctor KD104 input-shape-mismatch" in err and "keras.Input(shape=(8, 1))" in err
    assert err.index("expected ndim=3") < err.index("kerasdoctor KD104")  # under Keras' own traceback


def test_missing_script_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.py")]) == 2
    assert "no such script" in capsys.readouterr().err


@pytest.mark.slow
def test_process_exit_status_and_json_alone_on_stdout(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    result = subprocess.run(
        [sys.executable, "-m", "kerasdoctor", "run", str(script), "--format", "json", "--", "3"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)  # the script's own print went to stderr
    assert report["run"]["exit_code"] == 3 and report["findings"] == []
    assert '"argv"' in result.stderr


SWEEP = """
import numpy as np, keras, kerasdoctor as kd
x = np.random.default_rng(0).random((32, 4), dtype="float32")
y = np.arange(32) % 2
for activation in ("softmax", "sigmoid"):  # a sweep that skips the candidates kerasdoctor stops
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation=activation)])
    model.compile(optimizer="adam", loss="binary_crossentropy")  # a softmax over one unit trains, uselessly
    try:
        model.fit(x, y, epochs=1, verbose=0)
    except kd.KerasDoctorError:
        print("skipped", activation)
"""


@pytest.mark.filterwarnings("ignore:You are using a softmax over axis -1")  # Keras' notice: the sweep's mistake
def test_strict_fails_the_run_when_the_script_catches_the_stop(tmp_path, capsys):
    script = tmp_path / "sweep.py"
    script.write_text(SWEEP)
    assert main(["run", str(script), "--strict", "--no-lint", *FAST]) == 1
    captured = capsys.readouterr()
    assert "skipped softmax" in captured.out  # the script went on...
    assert "--strict: 1 error found, though the script caught the stop" in captured.err  # ...the run fails
    assert main(["run", str(script), "--no-lint", *FAST]) == 0  # without --strict nothing stops, the script ends


CLEAN = """
import os
print(os.environ.get("TF_ENABLE_ONEDNN_OPTS"), os.environ.get("TF_CPP_MIN_LOG_LEVEL"))
import numpy as np, keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
for _ in range(2):
    model.fit(np.zeros((8, 4), "float32"), np.arange(8) % 2, epochs=1, verbose=0)
"""


def test_a_clean_run_ends_with_one_line_and_keeps_the_users_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    script = tmp_path / "train.py"
    script.write_text(CLEAN)
    assert main(["run", str(script)]) == 0
    captured = capsys.readouterr()
    assert captured.out.split("\n")[0] == "None 0"  # as `python train.py` would see them
    assert captured.err.strip().splitlines()[-1] == ("kerasdoctor: 2 calls checked (Sequential.fit x2), no findings")


def test_version_and_the_top_level_help(capsys):
    from kerasdoctor import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"kerasdoctor {__version__}"
    main([])
    assert "kerasdoctor finds the mistakes that make Keras training fail" in capsys.readouterr().out


SCRIPT_ON_JAX = """
import os
os.environ["KERAS_BACKEND"] = "jax"   # the program's own choice, before it imports Keras
import keras
import numpy as np
import tensorflow as tf
print("backend:", keras.backend.backend())
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(tf.data.Dataset.from_tensor_slices((np.zeros((8, 4), "float32"), np.zeros(8, "float32"))), epochs=1)
"""


@pytest.mark.slow
def test_a_script_that_chooses_its_backend_keeps_it_and_is_checked(tmp_path):
    """kerasdoctor never imports Keras before the script does: Keras reads KERAS_BACKEND once, at import."""
    pytest.importorskip("jax")
    script = tmp_path / "train_on_jax.py"
    script.write_text(SCRIPT_ON_JAX)
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    env["PYTHONPATH"] = str(ROOT / "src")
    result = subprocess.run(
        [sys.executable, "-m", "kerasdoctor", "run", str(script), "--no-lint"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert "backend: jax" in result.stdout
    assert "KD101 [error] unbatched-dataset" in result.stderr  # and its fit() was checked


@pytest.mark.slow
def test_hooks_installed_before_keras_is_imported_wrap_it_when_tensorflow_imports_it():
    """TensorFlow asks importlib.util.find_spec("keras") before importing it: the deferred install must
    wait for the real import (as in a notebook: `%load_ext kerasdoctor`, then `import tensorflow`)."""
    code = (
        "from kerasdoctor import hooks\n"
        "hooks.install(on_fail='return')\n"
        "import tensorflow as tf\n"
        "from tensorflow import keras\n"
        "print('hooked:', hasattr(keras.Model.fit, '__kerasdoctor_hook__'))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert "hooked: True" in result.stdout, result.stderr[-2000:]


FAILING = """
import numpy as np, keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(np.zeros((8, 4), "float32"), np.arange(8) % 2, epochs=1, verbose=0)
"""


def test_the_traceback_of_a_hooked_call_is_the_scripts_and_keras_own(tmp_path, capsys):
    script = tmp_path / "train.py"
    script.write_text(FAILING)
    assert main(["run", str(script), "--no-lint"]) == 1
    err = capsys.readouterr().err
    traceback = err[err.index("Traceback (most recent call last)") :]
    assert f'File "{script}", line 5, in <module>' in traceback and "ValueError: Arguments `target`" in traceback
    assert "kerasdoctor" not in traceback.split("ValueError")[0]  # no frame of ours before Keras' error
