"""Bad input: clear messages, the documented exit codes, the other files still linted, no traceback."""

import json
import os

import pytest

from kerasdoctor.cli import main
from kerasdoctor.linter import lint_file, lint_paths

BAD_BATCH = "import tensorflow as tf\nds = tf.data.Dataset.range(4)\nds.batch(2)\n"


def lint_cli(capsys, *args):
    code = main(["lint", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_syntax_error_is_a_finding_on_its_line_and_other_files_go_on(tmp_path, capsys):
    (tmp_path / "broken.py").write_text("x = 1\ndef f(:\n    pass\n")
    (tmp_path / "train.py").write_text(BAD_BATCH)
    code, out, err = lint_cli(capsys, tmp_path)
    assert code == 1 and err == ""
    assert f"{tmp_path / 'broken.py'}:2:7: KD902 [error] syntax error" in out
    assert f"{tmp_path / 'train.py'}:3:1: KD102 [error]" in out


def test_non_utf8_bytes_are_reported_where_they_are(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"x = 1\ny = '\xe9t\xe9'\n")
    [finding] = lint_file(str(path))
    assert finding.code == "KD902" and finding.line == 2 and finding.column == 6
    assert "not valid utf-8" in finding.message and "0xe9" in finding.message


def test_a_coding_declaration_is_honoured(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n" + BAD_BATCH.encode())
    assert [f.code for f in lint_file(str(path))] == ["KD102"]


def test_null_bytes_and_empty_files(tmp_path):
    (tmp_path / "empty.py").write_bytes(b"")
    (tmp_path / "nul.py").write_bytes(b"x = 1\x00\n")
    assert lint_file(str(tmp_path / "empty.py")) == []
    [finding] = lint_file(str(tmp_path / "nul.py"))
    assert finding.code == "KD902" and "null bytes" in finding.message


def test_a_10_mb_file(tmp_path):
    # A script that embeds its data (weights, a base64 image) as a literal, with code around it.
    path = tmp_path / "big.py"
    with open(path, "w") as handle:
        handle.write("import tensorflow as tf\nBLOB = (\n")
        row = "    '" + "QUJD" * 40 + "'\n"
        handle.write(row * (10_000_000 // len(row) + 1))
        handle.write(")\nds = tf.data.Dataset.range(10)\n" + "ds = ds.map(lambda x: x + 1)\n" * 2000)
        handle.write("ds.batch(32)\n")
    assert os.path.getsize(path) > 10_000_000
    [finding] = lint_file(str(path))
    assert finding.code == "KD102" and finding.line == path.read_text().count("\n")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "malformed notebook: not JSON"),
        (b'{"cells": 3}', "malformed notebook: no list of cells"),
        (b"[1, 2]", "malformed notebook: no list of cells"),
        (b'{"cells": [{"cell_type": "code", "source": 7}]}', "cell 1 has no text source"),
        (b"\xff\xfe", "malformed notebook: not UTF-8"),
    ],
)
def test_malformed_notebooks(tmp_path, content, message):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(content)
    [finding] = lint_file(str(path))
    assert finding.code == "KD902" and message in finding.message


def test_a_directory_symlink_loop_ends(tmp_path, capsys):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text(BAD_BATCH)
    os.symlink(tmp_path, tmp_path / "pkg" / "loop", target_is_directory=True)
    run = lint_paths([str(tmp_path)])
    assert run.files == 1 and run.errors == [] and run.report.codes == ["KD102"]


def test_a_missing_path_is_a_usage_error_and_the_rest_is_linted(tmp_path, capsys):
    (tmp_path / "train.py").write_text(BAD_BATCH)
    code, out, err = lint_cli(capsys, tmp_path / "nope.py", tmp_path / "train.py")
    assert code == 2
    assert f"kerasdoctor lint: error: {tmp_path / 'nope.py'}: no such file or directory" in err
    assert "KD102" in out
    code, out, err = lint_cli(capsys, tmp_path / "nope.py")  # nothing linted: no "No findings in 0 files"
    assert code == 2 and out == "" and "no such file or directory" in err


def test_an_unreadable_file_is_an_io_error(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.py"
    path.write_text("x = 1\n")
    path.chmod(0)
    code, out, err = lint_cli(capsys, path)
    assert code == 2 and "cannot read" in err


def test_a_notebook_with_a_broken_cell_still_lints_the_others(tmp_path):
    cells = [
        {"cell_type": "code", "source": src, "metadata": {}, "outputs": []}
        for src in (
            "import tensorflow as tf\nds = tf.data.Dataset.range(3)",
            "if True print(1)",
            "ds.batch(2)",
            "def unfinished():",
            "ds.batch(3)",
        )
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    assert [(f.code, f.cell, f.line) for f in lint_file(str(path))] == [
        ("KD902", 2, 1),
        ("KD102", 3, 1),
        ("KD902", 4, 1),
        ("KD102", 5, 1),
    ]


def test_ipython_help_lines_are_skipped_and_the_cells_findings_kept(tmp_path):
    # IPython turns `obj?`, `obj??`, `?obj`, `x = obj?` and `a[0]?` into %pinfo/%pinfo2 calls
    # (IPython.core.inputtransformer2's help-end transformer); they are not Python.
    help_lines = ["x = ds?", "ds??", "?ds", "ds.batch?", "tf.data.Dataset.range??", "items[0]?", "tf.*Dataset*?"]
    cells = [
        {"cell_type": "code", "source": src, "metadata": {}, "outputs": []}
        for src in (
            "import tensorflow as tf\nds = tf.data.Dataset.range(3)\nitems = [ds]",
            "\n".join(help_lines[:4]) + "\nds.batch(2)\n" + "\n".join(help_lines[4:]) + "\nds.batch(2)\n",
            'doc = """Really?\nyes"""\nds.batch(3)',
        )
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    assert [(f.code, f.cell, f.line) for f in lint_file(str(path))] == [
        ("KD102", 2, 5),
        ("KD102", 2, 9),
        ("KD102", 3, 3),
    ]
