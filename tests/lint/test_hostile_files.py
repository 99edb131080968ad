"""The hostile-files corpus: recursion bombs, bad encodings, huge files, FIFOs, unreadable and broken paths.

Each file gets its documented exit code (README, "Exit codes": 1 for a file that cannot be parsed, KD902;
2 for a path that cannot be used, on stderr), never a traceback, and the other paths are linted all the
same. The permission cases need a user without CAP_DAC_OVERRIDE: as root they run the command in a
subprocess that drops it (setpriv), else directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerasdoctor.cli import main
from kerasdoctor.linter import MAX_FILE_BYTES

DEEP = 50_000  # far past every nesting limit of Python's parser, its compiler and json
BAD_BATCH = "import tensorflow as tf\nds = tf.data.Dataset.range(4)\nds.batch(2)\n"
SRC = Path(__file__).resolve().parents[2] / "src"


def notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}})


def write(text: str | bytes):
    def make(path: Path):
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)

    return make


def huge(path: Path):
    with open(path, "wb") as handle:  # sparse: the size is real, the disk is not used
        handle.truncate(MAX_FILE_BYTES + 1)


# name, how to make it, exit code, what the output says (stdout for findings, stderr for path errors)
CORPUS = [
    (
        "brackets.py",
        write("x = " + "(" * DEEP + "1" + ")" * DEEP + "\n"),
        1,
        "syntax error: too many nested parentheses",
    ),
    ("attributes.py", write("x = a" + ".b" * DEEP + "\n"), 1, "cannot parse: nested too deeply (RecursionError"),
    ("sums.py", write("x = " + "+".join(["1"] * DEEP) + "\n"), 1, "cannot parse: nested too deeply"),
    ("unary.py", write("x = " + "-" * DEEP + "1\n"), 1, "cannot parse: nested too deeply (MemoryError"),
    ("lambdas.py", write("f = " + "lambda: " * DEEP + "0\n"), 1, "cannot parse: nested too deeply"),
    ("calls.py", write("x = f" + "()" * DEEP + "\n"), 1, "cannot parse: nested too deeply"),
    (
        "indented.py",
        write("".join("    " * i + "if x:\n" for i in range(120)) + " " * 480 + "pass\n"),
        1,
        "syntax error: too many levels of indentation",
    ),
    ("bomb.ipynb", write('{"cells": ' + "[" * DEEP), 1, "malformed notebook: JSON nested too deeply to read"),
    ("deep_cell.ipynb", write(notebook("x = a" + ".b" * DEEP, BAD_BATCH)), 1, "KD102"),
    ("latin1.py", write(b"x = 1\nname = '\xe9t\xe9'\n"), 1, "not valid utf-8: byte 0xe9"),
    ("klingon.py", write(b"# -*- coding: klingon -*-\nx = 1\n"), 1, "cannot decode"),
    ("utf16.py", write("x = 1\n".encode("utf-16")), 1, "not valid utf-8: byte 0xff at offset 0"),
    ("nul.py", write(b"x = 1\x00\n"), 1, "source contains null bytes"),
    ("binary.py", write(bytes(range(256)) * 64), 1, "KD902"),
    ("empty.ipynb", write(b"{}"), 1, "malformed notebook: no list of cells"),
    ("huge.py", huge, 2, f"not linted: {MAX_FILE_BYTES // 2**20 + 0} MiB, over the 64 MiB limit"),
    ("pipe.py", os.mkfifo, 2, "not a regular file or directory (a named pipe)"),
    ("dangling.py", lambda path: os.symlink(path.parent / "nowhere.py", path), 2, "(a broken symlink)"),
]


def lint_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["lint", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("name, make, code, says", CORPUS, ids=[c[0] for c in CORPUS])
def test_each_hostile_file_has_its_documented_exit_code(tmp_path, capsys, name, make, code, says):
    path = tmp_path / name
    make(path)
    exit_code, out, err = lint_cli(capsys, path)
    assert exit_code == code
    assert says in (out if code == 1 else err)


def test_the_corpus_in_one_directory_is_linted_to_the_end(tmp_path, capsys):
    for name, make, _, _ in CORPUS:
        if name != "pipe.py":  # a FIFO met while walking is not a file to lint: skipped, not opened
            make(tmp_path / name)
    os.mkfifo(tmp_path / "walked_pipe.py")
    (tmp_path / "zz_train.py").write_text(BAD_BATCH)  # walked last
    exit_code, out, err = lint_cli(capsys, tmp_path)
    assert exit_code == 2  # the huge file cannot be used
    # met while walking, what is not a regular file (a FIFO, a broken symlink) is not a file to lint
    assert "huge.py: not linted" in err and "dangling" not in out + err and "walked_pipe" not in out + err
    assert f"{tmp_path / 'zz_train.py'}:3:1: KD102" in out
    parsed = [name for name, _, code, _ in CORPUS if code == 1]
    assert all(str(tmp_path / name) in out for name in parsed)


def test_a_pyproject_nested_too_deeply_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.kerasdoctor]\nselect = " + "[" * DEEP + "\n")
    (tmp_path / "train.py").write_text(BAD_BATCH)
    exit_code, _, err = lint_cli(capsys, tmp_path / "train.py")
    assert exit_code == 2 and "not valid TOML" in err


# ---- paths the user may not read --------------------------------------------------------------


def unprivileged() -> list[str] | None:
    """The command prefix that runs without the right to read every file; None where there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def lint_unprivileged(*paths, cwd) -> subprocess.CompletedProcess:
    prefix = unprivileged()
    if prefix is None:
        pytest.skip("root, and no setpriv to drop the right to read every file")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [*prefix, sys.executable, "-m", "kerasdoctor", "lint", *map(str, paths)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_unreadable_paths_named_first_are_usage_errors_and_the_rest_is_linted(tmp_path):
    locked_dir, locked_file = tmp_path / "locked", tmp_path / "secret.py"
    locked_dir.mkdir()
    (locked_dir / "inside.py").write_text(BAD_BATCH)
    locked_file.write_text(BAD_BATCH)
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "train.py").write_text(BAD_BATCH)
    locked_dir.chmod(0)
    locked_file.chmod(0)
    try:
        done = lint_unprivileged("locked", "secret.py", "open", cwd=tmp_path)
    finally:
        locked_dir.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "locked: cannot list: Permission denied" in done.stderr
    assert "secret.py: cannot read: Permission denied" in done.stderr
    assert "open/train.py:3:1: KD102" in done.stdout
