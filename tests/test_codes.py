"""One home per code: each code's words live in its family module, and README's table is the registry's."""

import ast
import re
from collections import defaultdict
from pathlib import Path

import kerasdoctor
from kerasdoctor import codes

SOURCE = Path(kerasdoctor.__file__).parent
README = Path(__file__).parents[1] / "README.md"


def test_no_code_is_spelled_as_a_string_literal_in_more_than_one_module():
    """A code's declaration is its only literal; everything else refers to the Code object."""
    modules = defaultdict(set)
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "examples":  # user programs, not kerasdoctor's source
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"KD\d{3}", node.value):
                modules[node.value].add(path.relative_to(SOURCE).as_posix())
    assert {code: paths for code, paths in modules.items() if len(paths) > 1} == {}
    for code in codes.all_codes():
        assert modules[code.code] == {f"codes/{_family_module(code)}.py"}


def _family_module(code) -> str:
    return {
        "KD1": "data",
        "KD2": "targets",
        "KD3": "cv",
        "KD4": "model",
        "KD5": "migration",
        "KD6": "distribution",
        "KD9": "internal",
    }[code.code[:3]]


def test_readme_table_of_codes_is_the_registry():
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- codes:", 1)[1].split("-->", 1)[1].split("<!-- /codes -->", 1)[0].strip()
    assert table == codes.markdown_table()
