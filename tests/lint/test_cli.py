"""`kerasdoctor lint` options, configuration, suppression, excludes, and `kd.lint`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kerasdoctor as kd
from kerasdoctor.cli import main
from kerasdoctor.linter.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "lint" / "fixtures" / "seed_batchdataset.py"
TRAIN = """import tensorflow as tf
from tensorflow import keras
ds = tf.data.Dataset.range(4)
ds.batch(2)
ds.shuffle(4)
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
model.compile(optimizer="adam")
model.fit(ds, epochs=1)
"""


def lint_cli(capsys, *args):
    code = main(["lint", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    return tmp_path


def test_text_output_is_ruff_like_with_the_fix(capsys):
    code, out, err = lint_cli(capsys, SEED)
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"{SEED}:14:1: KD102 [error] result of `data.batch(batch_size=100, drop_remainder=True)` "
        "is discarded; tf.data datasets are immutable, so `data` is still unbatched"
    )
    assert lines[1] == "    fix: data = data.batch(batch_size=100, drop_remainder=True)"
    assert lines[2].startswith(f"{SEED}:21:1: KD201 [error] `api_model.compile()` has no loss")
    assert lines[-1] == "Found 2 findings in 1 file (2 errors)."


def test_clean_exits_0(tmp_path, capsys):
    (tmp_path / "ok.py").write_text("import tensorflow as tf\nds = tf.data.Dataset.range(4).batch(2)\n")
    assert lint_cli(capsys, tmp_path) == (0, "No findings in 1 file.\n", "")


def test_json_output(project, capsys):
    code, out, _ = lint_cli(capsys, project, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["files"] == 1 and data["errors"] == []
    assert [(f["code"], f["line"], f["column"], f["severity"]) for f in data["findings"]] == [
        ("KD102", 4, 1, "error"),
        ("KD102", 5, 1, "warning"),
        ("KD201", 7, 1, "error"),
    ]


def test_sarif_output_carries_the_registry_and_regions(project, capsys):
    code, out, _ = lint_cli(capsys, project, "--format", "sarif")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    kd102 = next(r for r in rules if r["id"] == "KD102")
    assert kd102["name"] == "discarded-dataset-transformation"
    assert kd102["help"]["markdown"] == kd.rule("KD102").docs
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "KD102" and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("train.py")
    assert location["region"] == {"startLine": 4, "startColumn": 1}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "error"]


def test_github_annotations(project, capsys):
    _, out, _ = lint_cli(capsys, project, "--format", "github")
    first = out.splitlines()[0]
    path = str(project / "train.py").replace(":", "%3A").replace(",", "%2C")
    assert first.startswith(
        f"::error file={path},line=4,col=1,title=KD102 discarded-dataset-transformation::"
        "result of `ds.batch(2)` is discarded"
    )
    assert first.endswith("%0Afix: ds = ds.batch(2)")
    assert out.splitlines()[1].startswith("::warning ")


def test_select_ignore_severity_and_fail_on(project, capsys):
    assert "KD201" not in lint_cli(capsys, project, "--select", "KD1")[1]
    assert "KD102" not in lint_cli(capsys, project, "--ignore", "KD102,KD2")[1]
    code, out, _ = lint_cli(capsys, project, "--select", "KD102", "--severity", "error")
    assert code == 1 and out.count("KD102") == 1
    assert lint_cli(capsys, project, "--select", "KD102", "--severity", "warning", "--fail-on", "error")[0] == 1
    assert lint_cli(capsys, project, "--select", "KD102", "--ignore", "KD102")[0] == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--select", "KD999"], "unknown code 'KD999'"),
        (["--severity", "fatal"], "severity must be one of info, warning, error"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(project, capsys, args, message):
    code, out, err = lint_cli(capsys, project, *args)
    assert code == 2 and message in out + err


def test_pyproject_configuration(project, capsys):
    (project / "pyproject.toml").write_text(
        '[tool.kerasdoctor]\nignore = ["KD201"]\nseverity = "error"\nexclude = ["skipped/"]\n'
    )
    (project / "skipped").mkdir()
    (project / "skipped" / "bad.py").write_text(TRAIN)
    code, out, _ = lint_cli(capsys, project)
    assert code == 1 and out.count("KD102") == 1 and "KD201" not in out and "skipped" not in out
    assert "KD201" in lint_cli(capsys, project, "--ignore", "KD3")[1]  # the command line wins


def test_bad_pyproject_is_a_usage_error(project, capsys):
    (project / "pyproject.toml").write_text('[tool.kerasdoctor]\nselekt = ["KD1"]\n')
    code, _, err = lint_cli(capsys, project)
    assert code == 2 and "unknown [tool.kerasdoctor] key(s) selekt" in err
    (project / "pyproject.toml").write_text("[tool.kerasdoctor\n")
    code, _, err = lint_cli(capsys, project)
    assert code == 2 and "not valid TOML" in err


def test_inline_suppression(tmp_path):
    source = TRAIN.replace("ds.batch(2)", "ds.batch(2)  # kerasdoctor: ignore[KD102]").replace(
        'model.compile(optimizer="adam")', 'model.compile(optimizer="adam")  # kerasdoctor: ignore'
    )
    source += 's = "# kerasdoctor: ignore"; ds.batch(3)\n'  # inside a string: not a comment
    report = kd.lint(source)
    assert [(f.line, f.code) for f in report] == [(5, "KD102"), (9, "KD102")]
    other = TRAIN.replace("ds.batch(2)", "ds.batch(2)  # kerasdoctor: ignore[KD201]")
    assert (4, "KD102") in [(f.line, f.code) for f in kd.lint(other)]


def test_excludes_and_gitignore(tmp_path, capsys):
    for name in ("keep", "generated", ".venv", "build", "notes"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "t.py").write_text(TRAIN)
    (tmp_path / "notes" / "scratch_1.ipynb").write_text("{}")
    (tmp_path / ".gitignore").write_text("# comment\ngenerated/\n*.ipynb\n!keep\n")
    code, out, _ = lint_cli(capsys, tmp_path, "--exclude", "notes", "--select", "KD201")
    assert code == 1 and out.count("KD201") == 1 and str(tmp_path / "keep" / "t.py") in out
    code, out, _ = lint_cli(capsys, tmp_path, "--no-gitignore", "--select", "KD201,KD902")
    assert out.count("KD201") == 3 and out.count("KD902") == 1
    # An explicitly named file is linted even when a pattern excludes it.
    assert lint_cli(capsys, tmp_path / "generated" / "t.py", "--select", "KD201")[0] == 1


def test_kd_lint_takes_a_path_or_source(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    by_path = kd.lint(str(tmp_path / "train.py"))
    assert isinstance(by_path, kd.Report) and by_path.codes == ["KD102", "KD102", "KD201"]
    assert by_path.findings[0].path == str(tmp_path / "train.py") and not by_path.ok
    assert kd.lint(tmp_path).codes == by_path.codes
    assert kd.lint(TRAIN).codes == by_path.codes and kd.lint(TRAIN).findings[0].path == "<string>"
    assert kd.lint(TRAIN, select=["KD2"]).codes == ["KD201"]
    with pytest.raises(FileNotFoundError):
        kd.lint(tmp_path / "missing.py")


@pytest.mark.parametrize("name", ["typo.py", "notebooks/typo.ipynb"])
def test_kd_lint_of_a_missing_file_name_is_file_not_found_not_clean_source(name):
    with pytest.raises(FileNotFoundError, match=f"no such file: '{name}'"):
        kd.lint(name)
    assert kd.lint("x = config.py\n").codes == []  # with a newline it is source, as the message says


def test_kd_lint_select_and_ignore_take_a_string_like_the_cli_or_a_list():
    assert kd.lint(TRAIN, select="KD102").codes == ["KD102", "KD102"]
    assert (
        kd.lint(TRAIN, select="KD102,KD201").codes
        == kd.lint(TRAIN, select=["KD102", "KD201"]).codes
        == ["KD102", "KD102", "KD201"]
    )
    assert kd.lint(TRAIN, ignore="KD102").codes == ["KD201"]
    assert kd.lint(TRAIN, ignore=("KD1", "KD201")).codes == []
    with pytest.raises(ConfigError, match="unknown code 'KD999'"):
        kd.lint(TRAIN, select="KD102,KD999")


def test_cli_process_exit_codes_and_no_tensorflow_import(tmp_path):
    # The process is what is under test: exit statuses, and that linting imports
    # neither TensorFlow, Keras nor NumPy.
    (tmp_path / "clean.py").write_text("print(1)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    lint = [sys.executable, "-m", "kerasdoctor", "lint"]
    statuses = [
        subprocess.run(lint + args, capture_output=True, text=True, env=env, timeout=60)
        for args in ([str(tmp_path)], [str(SEED)], [str(tmp_path / "missing.py")])
    ]
    assert [s.returncode for s in statuses] == [0, 1, 2]
    assert "Traceback" not in "".join(s.stderr for s in statuses)
    probe = (
        "import sys, kerasdoctor as kd; from kerasdoctor.cli import main; kd.lint(sys.argv[1]); "
        "main(['lint', '--format', 'sarif', sys.argv[1]]); "
        "print([m for m in ('tensorflow', 'keras', 'numpy') if m in sys.modules], file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT / "tests" / "lint")], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0 and result.stderr.strip() == "[]", result.stderr


def test_anchored_and_directory_patterns(tmp_path):
    from kerasdoctor.linter.files import patterns

    rules = patterns(["src/gen_*.py", "**/cache/", "/top.py", "# comment", "!negated"], tmp_path)
    assert len(rules) == 3

    def excluded(relative, is_dir=False):
        path = tmp_path / relative
        return any(r.matches(str(path), path.name, is_dir) for r in rules)

    assert excluded("src/gen_a.py") and not excluded("lib/src/gen_a.py") and not excluded("src/a.py")
    assert excluded("a/b/cache", is_dir=True) and not excluded("a/b/cache")  # directories only
    assert excluded("top.py") and not excluded("sub/top.py")


def test_pre_commit_hook_definition():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: kerasdoctor-lint" in hooks and "entry: kerasdoctor lint" in hooks
    assert "types_or: [python, jupyter]" in hooks and "language: python" in hooks
    readme = (ROOT / "README.md").read_text()
    assert "hooks: [{id: kerasdoctor-lint}]" in readme


def test_kd902_has_its_documentation(capsys):
    assert main(["rule", "syntax-error", "--markdown"]) == 0
    assert "# KD902 syntax-error" in capsys.readouterr().out


def test_kd_lint_stays_the_function_once_the_linter_package_is_imported():
    import inspect

    import kerasdoctor.linter  # noqa: F401

    assert inspect.isfunction(kd.lint) and kd.lint.__module__ == "kerasdoctor"


@pytest.mark.parametrize(
    "text, configures",
    [
        ('[tool.kerasdoctor]\nselect = ["KD1"]\n', True),
        ('[ tool . "kerasdoctor" ]\nselect = ["KD1"]\n', True),
        ('[tool]\nkerasdoctor = { select = ["KD1"] }\n', True),
        ('[tool]\nkerasdoctor.select = ["KD1"]\n', True),
        ('tool.kerasdoctor.select = ["KD1"]\n', True),
        ('tool = { kerasdoctor = { select = ["KD1"] } }\n', True),
        ('[project]\nname = "kerasdoctor"\ndependencies = [\n  "kerasdoctor>=0.1",\n]\n', False),
        ('[project.scripts]\nkerasdoctor = "kerasdoctor.cli:main"\n', False),
    ],
)
def test_a_pyproject_is_parsed_only_when_it_may_configure_kerasdoctor(tmp_path, text, configures):
    """Every TOML spelling of the table is read; a file that only names the project is not parsed."""
    from kerasdoctor.linter.config import _may_configure, load

    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    assert _may_configure(path.read_bytes()) is configures
    assert load(str(path)).select == (("KD1",) if configures else ())
