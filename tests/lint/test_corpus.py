"""Zero findings on correct code: training scripts in the styles people use, and the recipes' fixed halves."""

import ast
from pathlib import Path

import pytest

from kerasdoctor.linter import lint_file, lint_paths

from .markers import CLEAN

ROOT = Path(__file__).resolve().parents[2]
RECIPES = sorted((ROOT / "src" / "kerasdoctor" / "recipes").glob("*.py"))


def test_correct_training_scripts_and_notebooks_give_no_findings():
    run = lint_paths([str(CLEAN)])
    assert run.files == len(list(CLEAN.glob("*.py"))) + len(list(CLEAN.glob("*.ipynb"))) >= 7
    assert run.errors == [] and run.report.findings == []


def _function_lines(path: Path, name: str) -> range:
    """The lines of a top-level function; empty for a recipe without one (e.g. an explanation)."""
    tree = ast.parse(path.read_text())
    node = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None)
    return range(node.lineno, node.end_lineno + 1) if node else range(0)


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: p.name)
def test_recipe_findings_lie_inside_broken_pipeline(path):
    # Every recipe, including those added later: its broken half shows a mistake on
    # purpose, the rest of the file (the fixed half, the helpers) must be clean.
    broken = _function_lines(path, "broken_pipeline")
    findings = lint_file(str(path))
    outside = [f"{f.line}: {f.code} {f.message}" for f in findings if f.line not in broken]
    assert outside == []


def test_recipes_with_a_source_visible_mistake_are_caught():
    codes = {p.name: {f.code for f in lint_file(str(p))} for p in RECIPES}
    assert codes["unassigned_batch.py"] == {"KD102"}
    assert codes["one_feature_trains_silently.py"] == {"KD102"}
    assert codes["compile_without_loss.py"] == {"KD201"}


def test_kerasdoctor_itself_and_its_tests_lint_clean():
    """Everything but the codes' bad examples, the recipes and the real programs' broken scripts, which are wrong
    on purpose (tests/test_examples.py, the test above and bench/real_programs.py lint them)."""
    from kerasdoctor.linter.config import Options
    from kerasdoctor.linter.files import patterns

    options = Options()
    options.exclude = options.exclude + patterns(["*_bad.py", "*_broken.py", "src/kerasdoctor/recipes"], str(ROOT))
    run = lint_paths([str(ROOT / "src"), str(ROOT / "bench")], options)
    assert run.errors == [] and run.report.findings == []
    assert run.files > 50
