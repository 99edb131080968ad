"""`kerasdoctor lint` throughput against pyflakes, same files, same process (target ratio >= 1).

Both sides start from the decoded source text and include their own parse:
ours is `kerasdoctor.linter.engine.lint_source` (ast.parse, the tracker and
every rule, the suppression scan); pyflakes' is `ast.parse` followed by
`pyflakes.checker.Checker(tree, filename)`, which is what `pyflakes.api.check`
does minus the reporter's printing. kerasdoctor pauses the cyclic garbage
collector per file (see kerasdoctor.gcpause); a second line gives pyflakes
the same pause, so the analysis itself is compared too. Reading and decoding files is excluded for
both. The corpus: the recipes, the tests, and the installed keras package's
source files (a realistic mix of scripts and library code).

    python bench/lint_speed.py [MAX_KERAS_FILES]
"""

import ast
import sys
import warnings
from pathlib import Path

from _common import median_seconds

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kerasdoctor.gcpause import paused_gc  # noqa: E402
from kerasdoctor.linter.engine import lint_source  # noqa: E402
from kerasdoctor.linter.source import Source  # noqa: E402


def corpus(max_keras_files):
    import importlib.util

    keras_dir = Path(importlib.util.find_spec("keras").origin).parent  # located, not imported
    paths = sorted((ROOT / "recipes").glob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
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


if __name__ == "__main__":
    max_files = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    texts = corpus(max_files)
    lines = sum(text.count("\n") + 1 for _, text in texts)
    ours = median_seconds(lambda: run_ours(texts), repeat=5)
    theirs = median_seconds(lambda: run_pyflakes(texts), repeat=5)
    theirs_no_gc = median_seconds(lambda: run_pyflakes_without_gc(texts), repeat=5)
    print(f"corpus: {len(texts)} files, {lines} lines (recipes, tests, {max_files} keras source files)")
    for label, baseline in (("pyflakes as shipped", theirs), ("pyflakes with the same gc pause as ours", theirs_no_gc)):
        ratio = (lines / ours) / (lines / baseline)
        verdict = "meets" if ratio >= 1 else "MISSES"
        print(
            f"kerasdoctor lint: {lines / ours:,.0f} lines/s ({ours * 1000:.0f} ms); "
            f"{label}: {lines / baseline:,.0f} lines/s ({baseline * 1000:.0f} ms) "
            f"-> throughput ratio {ratio:.2f}x ({verdict} target >= 1x)"
        )
