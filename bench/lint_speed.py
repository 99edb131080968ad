"""`kerasdoctor lint` against pyflakes: the whole process on one file (target <= 1.0x) and the in-process
throughput on a corpus (target >= 1.5x).

1. The start, as an editor or pre-commit runs it: `python -m kerasdoctor lint FILE`
   against `python -m pyflakes FILE`, fresh processes, one file (a training
   script), interleaved pairs; the ratio is the median of the pairs' ratios
   of CPU time (user + system, from the OS's accounting of each child): on a
   machine shared with other work, wall time mostly measures the others.
   Our package is byte-compiled first, as an installed wheel is (pyflakes' is):
   with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile our
   sources and measure the compiler.
2. The throughput: both sides start from the decoded source text and include
   their own parse: ours is `kerasdoctor.linter.engine.lint_source` (ast.parse,
   the tracker and every rule, the suppression scan); pyflakes' is `ast.parse`
   followed by `pyflakes.checker.Checker(tree, filename)`, which is what
   `pyflakes.api.check` does minus the reporter's printing. kerasdoctor pauses
   the cyclic garbage collector per file (see kerasdoctor.gcpause); a second
   line gives pyflakes the same pause, so the analysis itself is compared too.
   The corpus: the recipes, the tests, and the installed keras package's source
   files (a realistic mix of scripts and library code). Rounds alternate
   between the two sides, so a machine busy with other work slows both.

    python bench/lint_speed.py [MAX_KERAS_FILES] [PROCESS_PAIRS]
"""

import ast
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kerasdoctor.gcpause import paused_gc  # noqa: E402
from kerasdoctor.linter.engine import lint_source  # noqa: E402
from kerasdoctor.linter.source import Source  # noqa: E402

RECIPES = ROOT / "src" / "kerasdoctor" / "recipes"
ONE_FILE = RECIPES / "compile_without_loss.py"


def corpus(max_keras_files):
    import importlib.util

    keras_dir = Path(importlib.util.find_spec("keras").origin).parent  # located, not imported
    paths = sorted((RECIPES).glob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    paths += sorted(keras_dir.rglob("*.py"))[:max_keras_files]
    texts = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            ast.parse(text)
        except SyntaxError:
            continue  # e.g. the KD902 fixture: both tools would stop at once
        texts.append((str(path), text))
    return texts


def run_ours(texts):
    for path, text in texts:
        lint_source(Source(text), path)


def run_pyflakes(texts):
    from pyflakes.checker import Checker

    for path, text in texts:
        check_one(Checker, path, text)


def run_pyflakes_without_gc(texts):
    from pyflakes.checker import Checker

    for path, text in texts:
        with paused_gc():
            check_one(Checker, path, text)


def check_one(Checker, path, text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(text, path)
    Checker(tree, filename=path)


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(ours, theirs, pairs: int) -> tuple[float, float, float]:
    """(our median, their median, median of the pairs' ratios ours / theirs), one round of each in turn."""
    ours(), theirs()  # warm up
    times = [(_seconds(ours), _seconds(theirs)) for _ in range(pairs)]
    return (
        statistics.median(t[0] for t in times),
        statistics.median(t[1] for t in times),
        statistics.median(a / b for a, b in times),
    )


def whole_process(pairs: int) -> None:
    compileall.compile_dir(str(ROOT / "src" / "kerasdoctor"), quiet=2, rx=re.compile(r"_bad\.py$"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # the file alone in a folder of its own, as in a project without [tool.kerasdoctor] settings (this
    # repository's pyproject.toml would be read, and parsed, since it names kerasdoctor)
    folder = tempfile.mkdtemp()
    shutil.copy(ONE_FILE, folder)

    def cpu(*command) -> float:
        """The child's CPU seconds (user + system)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *command], env=env, cwd=folder, stdout=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    ours_cmd, theirs_cmd = ("-m", "kerasdoctor", "lint", ONE_FILE.name), ("-m", "pyflakes", ONE_FILE.name)
    cpu(*ours_cmd), cpu(*theirs_cmd)  # warm the file cache
    times = [(cpu(*ours_cmd), cpu(*theirs_cmd), cpu("-c", "pass")) for _ in range(pairs)]
    ours, theirs, bare = (statistics.median(t[i] for t in times) for i in range(3))
    ratio = statistics.median(a / b for a, b, _ in times)
    verdict = "meets" if ratio <= 1.0 else "MISSES"
    print(
        f"one file ({ONE_FILE.name}), whole process, CPU time: kerasdoctor lint {ours * 1000:.0f} ms, pyflakes "
        f"{theirs * 1000:.0f} ms, python -c pass {bare * 1000:.0f} ms -> ratio {ratio:.2f}x "
        f"({verdict} target <= 1.0x; {pairs} interleaved pairs, median of their ratios)"
    )


def throughput(max_files: int, rounds: int) -> None:
    texts = corpus(max_files)
    lines = sum(text.count("\n") + 1 for _, text in texts)
    print(f"corpus: {len(texts)} files, {lines} lines (recipes, tests, {max_files} keras source files)")
    for label, theirs in (
        ("pyflakes as shipped", lambda: run_pyflakes(texts)),
        ("pyflakes with the same gc pause as ours", lambda: run_pyflakes_without_gc(texts)),
    ):
        ours_s, theirs_s, ratio = interleaved(lambda: run_ours(texts), theirs, rounds)
        speedup = 1 / ratio
        verdict = "meets" if speedup >= 1.5 else "MISSES"
        print(
            f"kerasdoctor lint: {lines / ours_s:,.0f} lines/s ({ours_s * 1000:.0f} ms); "
            f"{label}: {lines / theirs_s:,.0f} lines/s ({theirs_s * 1000:.0f} ms) "
            f"-> throughput ratio {speedup:.2f}x ({verdict} target >= 1.5x)"
        )


if __name__ == "__main__":
    max_files = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 31
    whole_process(pairs)
    throughput(max_files, rounds=7)
