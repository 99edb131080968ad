"""`%load_ext kerasdoctor` in a real notebook, executed headless by nbclient on the python3 kernel."""

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # starts a Jupyter kernel: seconds

SRC = str(Path(__file__).resolve().parents[1] / "src")

CELLS = [
    "%load_ext kerasdoctor",
    "import numpy as np, tensorflow as tf\n"
    "from tensorflow import keras\n"
    "X = np.random.default_rng(0).uniform(size=(20, 1)).astype('float32')\n"
    "ds = tf.data.Dataset.from_tensor_slices((X, 3 * X[:, 0]))   # never batched\n"
    "model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])\n"
    "model.compile(optimizer='sgd', loss='mse')",
    "history = model.fit(ds, epochs=1, verbose=0)",
    "for _ in range(2):\n    history = model.fit(ds, epochs=1, verbose=0)   # shown once per cell run, again here",
    "%unload_ext kerasdoctor\nimport kerasdoctor.hooks\nprint('installed:', kerasdoctor.hooks.is_installed())",
]


def html_outputs(cell):
    return [
        out["data"]["text/html"]
        for out in cell.get("outputs", [])
        if out.get("output_type") == "display_data" and "text/html" in out.get("data", {})
    ]


def test_load_ext_renders_the_report_as_html_in_the_notebook(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=240, resources={"metadata": {"path": str(tmp_path)}}
    )
    # the kernel is a separate process: it finds this worktree's kerasdoctor through PYTHONPATH
    path = os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH")) if p)
    client.execute(env={**os.environ, "PYTHONPATH": path})

    first_fit, second_fit, unload = notebook.cells[2], notebook.cells[3], notebook.cells[4]
    [html] = html_outputs(first_fit)
    text = re.sub(r"<[^>]+>", "", html)
    assert html.startswith('<div class="kerasdoctor-report">')
    assert "KD101" in text and "ds = ds.batch(32)" in text  # the user's variable, in the fix
    assert len(html_outputs(second_fit)) == 1  # a new cell run shows it again, once for the loop
    assert "installed: False" in "".join(o.get("text", "") for o in unload["outputs"])
