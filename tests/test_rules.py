"""The code registry: unique, documented in the fixed sections, reachable from the CLI."""

import re

import pytest

from kerasdoctor import codes
from kerasdoctor.cli import main
from kerasdoctor.findings import Severity

DESIGN_CODES = [
    "KD101",
    "KD102",
    "KD103",
    "KD104",
    "KD105",
    "KD106",
    "KD107",
    "KD108",
    "KD201",
    "KD202",
    "KD203",
    "KD204",
    "KD205",
    "KD206",
    "KD207",
    "KD208",
    "KD301",
    "KD302",
    "KD303",
    "KD304",
    "KD305",
    "KD306",
    "KD307",
    "KD308",
    "KD401",
    "KD900",
    "KD901",
]


def test_codes_and_slugs_are_unique_and_well_formed():
    all_codes = codes.all_codes()
    assert len({c.code for c in all_codes}) == len(all_codes) == len({c.slug for c in all_codes})
    assert all(re.fullmatch(r"KD\d{3}", c.code) for c in all_codes)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.slug) for c in all_codes)


def test_every_design_code_is_registered():
    assert set(DESIGN_CODES) <= set(codes.BY_CODE)


@pytest.mark.parametrize("code", codes.all_codes(), ids=str)
def test_every_code_is_documented_in_fixed_sections(code):
    assert isinstance(code.severity, Severity)
    for text in (code.summary, code.what, code.why):
        assert text.strip()
    headings = re.findall(r"^## (.+)$", code.docs, flags=re.M)
    # the fixed sections first, then a code's own (KD307: the migration to Keras' wrappers)
    assert headings == ["What it does", "Why is this bad?", "Example", "Use instead", *(t for t, _ in code.sections)]


def test_lookup_by_code_or_slug():
    assert codes.get("kd101") is codes.get("unbatched-dataset") is codes.BY_CODE["KD101"]
    with pytest.raises(KeyError):
        codes.get("KD000")


def test_a_code_reads_as_itself_in_messages():
    assert f"({codes.get('KD202')})" == "(KD202)"


def test_cli_rule_prints_the_docs(capsys):
    assert main(["rule", "KD101", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "# KD101 unbatched-dataset" in out and "## Use instead" in out


def test_cli_rule_unknown_code_is_a_usage_error(capsys):
    assert main(["rule", "KD000"]) == 2
    assert "no rule named" in capsys.readouterr().out


def test_cli_rules_lists_every_code(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(code in out for code in DESIGN_CODES)


def test_cli_rule_never_wraps_the_code_a_user_pastes(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")  # a narrow terminal
    assert main(["rule", "KD307"]) == 0
    shown = [line.strip() for line in capsys.readouterr().out.splitlines()]
    example = codes.get("KD307").example_path("bad").read_text().splitlines()
    long_lines = [line.strip() for line in example if len(line) > 60]
    assert long_lines and all(line in shown for line in long_lines)


def test_cli_rules_never_cuts_a_slug_in_a_narrow_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(f"│ {rule.code} │ {rule.slug} " in out for rule in codes.all_codes())
