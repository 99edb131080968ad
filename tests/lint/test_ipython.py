"""Notebook cells read as Jupyter runs them: IPython's transformer and the fallback agree, line for line.

The cells reproduce the IPython syntax of published notebooks that Jupyter runs
fine (each case's source is named at its cell); every one is checked through
IPython's own transformer and through the fallback, and linted as a notebook.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from kerasdoctor.linter import lint_file
from kerasdoctor.linter.ipython import fallback_transform, ipython_transform, python_cell

ROOT = Path(__file__).resolve().parents[2]
TRANSFORMS = pytest.mark.parametrize("transform", [ipython_transform, fallback_transform], ids=["ipython", "fallback"])

# The cases of issue #14, each a cell Jupyter runs and the old line-blanking reported as KD902.
REAL_CELLS = {
    # ageron/handson-ml2, 19_training_and_deploying_at_scale.ipynb, setup cell: escapes inside an `if` block
    "magic-in-indented-block": (
        "import sys\n"
        'IS_COLAB = "google.colab" in sys.modules\n'
        "if IS_COLAB:\n"
        '    !echo "deb http://example.invalid stable main" > /etc/apt/sources.list.d/extra.list\n'
        "    %pip install -q -U tensorflow-serving-api\n"
        "\n"
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n"
    ),
    # the same notebook: `!saved_model_cli show --dir {model_path} --tag_set serve \` continued on the next line
    "continued-shell-escape": (
        'model_path = "my_model/0001"\n'
        "!saved_model_cli show --dir {model_path} --tag_set serve \\\n"
        "                      --signature_def serving_default\n"
        "print(model_path)\n"
    ),
    # a cell pasted from inside a function: IPython strips the first line's indentation from every line
    "indented-first-line": (
        "    history = {'loss': [0.5, 0.25]}\n    for loss in history['loss']:\n        print(loss)\n"
    ),
    # old-style string formatting continued on a line that starts with `%`, inside open brackets
    "percent-continuation": (
        "epoch, loss = 3, 0.25\n"
        "print('epoch %d: loss %.4f'\n"
        "      %(epoch, loss))\n"
        "print('done in %d epochs' %\n"
        "      epoch)\n"
    ),
}

MORE_CELLS = [
    "x = ds?\nds??\n?ds\nds.batch?\ntf.data.Dataset.range??\nitems[0]?\ntf.*Dataset*?\n",
    "files = !ls -la\nres = %timeit -o sum(range(10))\n!!date\n%matplotlib inline\n",
    "%%time\nx = 1\n!echo hi\n",
    "%%bash\necho $HOME\nls\n",
    ",f a b\n;f a b\n/f a b\n",
    ">>> x = 1\n>>> y = 2\n",
    "In [1]: x = 1\n",
    "for i in range(3):\n    !echo {i} \\\n      more\n    print(i)\n",
    "x = 1  # really?\nif x:\n  %env A=1\n",
    '!echo "it\'s"\n%cd ..\nimport os\n',
    "x = !echo 'unterminated\ny = 1\n",
    "  %%time\n  x = 1\n",
    "%%capture out\n  y = 2\n  !ls\n",
    "x=\\\n!ls\n",
    "obj.method(\n  a\n)?\n",
    "if True:\n    %pip install \\\n        a \\\n        b\nelse:\n    pass\n",
    "\n\n    x = 1\n    if x:\n        print(x)\n",
]
ALL_CELLS = list(REAL_CELLS.values()) + MORE_CELLS


def notebook(tmp_path, *sources, name="nb.ipynb") -> str:
    cells = [
        {"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None} for s in sources
    ]
    path = tmp_path / name
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    return str(path)


@TRANSFORMS
@pytest.mark.parametrize("name", REAL_CELLS)
def test_each_case_of_the_issue_is_python_line_for_line(name, transform):
    cell = REAL_CELLS[name]
    lines, indent = python_cell(cell.split("\n"), transform)
    assert len(lines) == len(cell.split("\n"))
    compile("\n".join(lines), name, "exec")  # Python now, as IPython hands it to Python
    assert indent == (4 if name == "indented-first-line" else 0)


@pytest.mark.parametrize("cell", ALL_CELLS)
def test_the_fallback_gives_what_ipython_gives(cell):
    ours = python_cell(cell.split("\n"), ipython_transform)
    assert python_cell(cell.split("\n"), fallback_transform) == ours
    if not cell.lstrip().startswith("%%"):  # a cell magic's body is ours to read; IPython passes it as a string
        theirs = TransformerManager().transform_cell(cell)
        assert [line for line in ours[0] if line.strip()] == [line for line in theirs.split("\n") if line.strip()]


def test_correct_cells_lint_clean_and_a_real_syntax_error_stays_kd902(tmp_path):
    broken = "x = 1\nif x:\u00a0print(x)\n"  # a non-breaking space in code: IPython fails too
    path = notebook(tmp_path, *REAL_CELLS.values(), "%%time\nprint(1)\n", broken)
    assert [(f.code, f.cell, f.line, f.column) for f in lint_file(path)] == [("KD902", 6, 2, 6)]


def test_findings_stay_on_the_lines_and_columns_the_user_sees(tmp_path):
    path = notebook(
        tmp_path,
        "import tensorflow as tf\nds = tf.data.Dataset.range(8)\n"
        "!echo one \\\n  two \\\n  three\nds.batch(2)\n",  # after a command continued over 3 lines
        "    ds.shuffle(8)\n    ds.batch(4)\n",  # an indented cell: columns as written
        "%%time\nds.batch(8)\n",  # the body of a Python cell magic
        "%%bash\nds.batch(8)\n",  # not Python: not linted
    )
    assert [(f.code, f.cell, f.line, f.column) for f in lint_file(path)] == [
        ("KD102", 1, 6, 1),
        ("KD102", 2, 1, 5),
        ("KD102", 2, 2, 5),
        ("KD102", 3, 2, 1),
    ]


def test_an_assignment_from_a_shell_escape_rebinds_the_name(tmp_path):
    # `ds = !ls` makes ds a list of lines: the dataset it held before is gone
    path = notebook(tmp_path, "import tensorflow as tf\nds = tf.data.Dataset.range(8)\nds = !ls\nds.batch(2)\n")
    assert lint_file(path) == []


def test_ipython_is_imported_only_for_a_notebook_cell_that_needs_it(tmp_path):
    plain = notebook(tmp_path, "import os\nprint(os.sep)  # why?\n")
    script = tmp_path / "script.py"
    script.write_text("print('%d?' % 1)\n")
    magic = notebook(tmp_path, "%matplotlib inline\n", name="magic.ipynb")
    probe = (
        "import sys; from kerasdoctor.linter import lint_file\n"
        "for path in sys.argv[1:]:\n"
        "    lint_file(path); print('IPython' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(script), plain, magic], capture_output=True, text=True, env=env
    )
    assert result.stdout.split() == ["False", "False", "True"], result.stderr


def test_the_clean_notebooks_are_correct_for_ipython_itself_and_lint_clean():
    """tests/lint/clean's notebooks (the IPython syntax of TensorFlow's guides, book chapters and Colab
    notebooks) compile once IPython has transformed each cell: they are correct, and nothing is reported."""
    clean = Path(__file__).parent / "clean"
    manager = TransformerManager()
    notebooks = sorted(clean.glob("*.ipynb"))
    assert len(notebooks) >= 4
    for path in notebooks:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                compile(manager.transform_cell("".join(cell["source"])), str(path), "exec")
        assert lint_file(str(path)) == [], path.name
