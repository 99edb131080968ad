"""KD501-KD508 from source: every fix, pasted where its finding points, removes it and brings no new finding.

What Keras 3 and NumPy 2 really do with each of these spellings is tests/test_migration.py's.
"""

import ast
from collections import Counter

import pytest

from kerasdoctor.linter import lint_text

from .markers import FIXTURES

MIGRATION_FIXTURES = sorted(FIXTURES.glob("kd50*_bad.py"))
IMPORT = ("import ", "from ")


def _at(tree: ast.AST, finding) -> list[ast.AST]:
    return [
        n
        for n in ast.walk(tree)
        if getattr(n, "lineno", None) == finding.line and getattr(n, "col_offset", None) == finding.column - 1
    ]


def _splice(lines: list[str], node: ast.AST, text: str) -> list[str]:
    first, last = lines[node.lineno - 1], lines[node.end_lineno - 1]
    replaced = first[: node.col_offset] + text + last[node.end_col_offset :]
    return lines[: node.lineno - 1] + replaced.splitlines(keepends=True) + lines[node.end_lineno :]


def apply_fix(source: str, finding) -> str:
    """The source with the finding's fix pasted as a user would: over the statement, call or name it points at."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    nodes = _at(tree, finding)
    fix = finding.fix
    statement = next((n for n in nodes if isinstance(n, ast.stmt)), None)
    if fix.startswith(IMPORT) and isinstance(statement, (ast.Import, ast.ImportFrom)):
        return "".join(_splice(lines, statement, fix))
    if finding.code == "KD507":
        node = next(n for n in nodes if isinstance(n, ast.Attribute))
        return "".join(_splice(lines, node, fix))
    calls = [n for n in nodes if isinstance(n, ast.Call)]
    call = max(calls, key=lambda c: (c.end_lineno, c.end_col_offset))
    imports = [line for line in fix.split("\n") if line.startswith(IMPORT)]
    body = "\n".join(line for line in fix.split("\n") if not line.startswith(IMPORT))
    if "\n" in body and not body.endswith(","):  # statements: pasted over the statement holding the call
        holding = [n for n in ast.walk(tree) if isinstance(n, ast.stmt) and any(c is call for c in ast.walk(n))]
        lines = _splice(lines, min(holding, key=lambda n: (n.end_lineno - n.lineno, n.end_col_offset)), body)
    else:
        lines = _splice(lines, call, body.rstrip(","))
    return "".join(imports and [line + "\n" for line in imports]) + "".join(lines)


def _key(finding) -> tuple:
    return finding.code, finding.message, finding.fix


@pytest.mark.parametrize("path", MIGRATION_FIXTURES, ids=lambda p: p.name)
def test_each_fix_pasted_removes_its_finding_and_brings_no_new_one(path):
    source = path.read_text()
    findings = lint_text(source)
    assert findings
    for finding in findings:
        fixed = apply_fix(source, finding)
        ast.parse(fixed)  # still Python
        # the findings the same fix settles (lr= and decay= of one optimizer, two names of one import)
        settled = [f for f in findings if (f.line, f.column, f.fix) == (finding.line, finding.column, finding.fix)]
        assert Counter(map(_key, lint_text(fixed))) == Counter(map(_key, findings)) - Counter(map(_key, settled)), (
            finding.message,
            fixed,
        )


def test_tensorflow_keras_spellings_that_still_work_are_left_alone():
    source = (
        "from tensorflow.keras import backend as K\n"
        "from tensorflow.keras.preprocessing.text import Tokenizer\n"
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        "import tensorflow as tf\n"
        "loss = K.mean(K.square(a - b))\n"
        "total = tf.keras.backend.sum(a)\n"
    )
    assert lint_text(source) == []
    assert [f.code for f in lint_text(source.replace("tensorflow.keras", "keras"))] == ["KD504"] * 3


def test_the_backend_fix_writes_keras_2_defaults_and_keywords_the_keras_3_way():
    source = "from keras import backend as K\nimport keras\nbest = K.argmax(K.clip(p, min_value=0.0, max_value=1.0))\n"
    (finding,) = lint_text(source)
    assert finding.fix == "keras.ops.argmax(keras.ops.clip(p, x_min=0.0, x_max=1.0), axis=-1)"
    (finding,) = lint_text("import keras.backend as K\ntotal = K.concatenate([a, b])\n")
    assert finding.fix == "import keras\nkeras.ops.concatenate([a, b], axis=-1)"


def test_a_fix_names_modules_as_the_file_imports_them():
    source = "import numpy as onp\nimport tensorflow as tf\nx = onp.zeros(3, dtype=onp.float_)\n"
    assert [f.fix for f in lint_text(source)] == ["onp.float64"]
    source = "from tensorflow.keras.layers import Embedding\nlayer = Embedding(9, 2, input_length=4)\n"
    assert [f.fix for f in lint_text(source)] == ["Embedding(9, 2)"]
    source = (
        "import tensorflow as tf\nm = tf.keras.Sequential()\nm.add(tf.keras.layers.Embedding(9, 2, input_length=4))\n"
    )
    assert [f.fix for f in lint_text(source)] == [
        "m.add(tf.keras.Input(shape=(4,)))\nm.add(tf.keras.layers.Embedding(9, 2))"
    ]


def test_migration_report_of_a_whole_file_by_select(tmp_path):
    import kerasdoctor as kd

    report = kd.lint(str(FIXTURES), select="KD5")
    assert report.findings and {f.code[:3] for f in report.findings} == {"KD5"}
    assert {f.code for f in report.findings} == {f"KD50{n}" for n in range(1, 9)}
