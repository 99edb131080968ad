"""Each lint rule against its fixtures: the bad file fires exactly on its `# [CODE]` lines, the twin is silent."""

import re

import pytest

from kerasdoctor import codes
from kerasdoctor.linter import lint_file, lint_text

from .markers import FIXTURES, expected, found

LINT_CODES = [
    "KD102",
    "KD106",
    "KD113",
    "KD116",
    "KD201",
    "KD202",
    "KD203",
    "KD204",
    "KD210",
    "KD301",
    "KD307",
    "KD308",
    "KD309",
    "KD310",
    "KD311",
    "KD602",
    "KD902",
]
LINT_CODES += [f"KD50{n}" for n in range(1, 9)]
FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".py", ".ipynb"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture_findings_are_exactly_its_markers(path):
    assert found(lint_file(str(path))) == expected(path)


@pytest.mark.parametrize("code", LINT_CODES)
def test_every_lint_code_has_a_bad_fixture_that_fires_and_a_silent_twin(code):
    bad, good = FIXTURES / f"{code.lower()}_bad.py", FIXTURES / f"{code.lower()}_good.py"
    assert {c for _, _, c in expected(bad)} == {code}
    assert {f.code for f in lint_file(str(bad))} == {code}
    assert lint_file(str(good)) == [] and expected(good) == set()
    assert code in codes.BY_CODE


def test_the_seed_question_yields_kd102_on_batch_and_kd201_on_compile():
    path = FIXTURES / "seed_batchdataset.py"
    lines = path.read_text().splitlines()
    findings = {f.code: f for f in lint_file(str(path))}
    assert set(findings) == {"KD102", "KD201"}
    assert lines[findings["KD102"].line - 1].startswith("data.batch(batch_size=100, drop_remainder=True)")
    assert lines[findings["KD201"].line - 1].startswith("api_model.compile()")
    kd102 = findings["KD102"]
    assert kd102.severity.value == "error" and kd102.column == 1
    assert kd102.fix == "data = data.batch(batch_size=100, drop_remainder=True)"
    assert "`data` is still unbatched" in kd102.message
    assert lint_file(str(FIXTURES / "seed_batchdataset_answer.py")) == []


def test_kd102_is_an_error_for_batching_and_a_warning_otherwise():
    source = (
        "import tensorflow as tf\nds = tf.data.Dataset.range(8)\n"
        "ds.batch(2)\nds.unbatch()\nds.shuffle(8)\nds.map(abs).padded_batch(2)\nds.prefetch(1)\n"
    )
    severities = {f.line: f.severity.value for f in lint_text(source)}
    assert severities == {3: "error", 4: "error", 5: "warning", 6: "error", 7: "warning"}


def test_kd102_follows_import_aliases_and_scopes():
    source = """
from tensorflow import data as tfdata
import tensorflow.data as d2
ds = tfdata.Dataset.from_tensors([1])
ds.batch(1)
def f():
    ds = [1, 2]          # a local list shadows the module's dataset
    ds.append(3)
    ds.batch(1)
def g():
    ds.repeat()          # reads the module's dataset
"""
    assert [(f.line, f.code) for f in lint_text(source)] == [(5, "KD102"), (11, "KD102")]


def test_names_from_unknown_modules_are_never_datasets():
    source = "from mylib import Dataset\nds = Dataset.from_tensor_slices([1])\nds.batch(2)\n"
    assert lint_text(source) == []


def test_docs_of_kd102_name_every_transformation_the_linter_knows():
    from kerasdoctor.linter import known

    docs = codes.get("KD102").what
    assert set(known.TRANSFORMATIONS) == set(re.findall(r"`(\w+)`", docs.split(" and throws")[0]))


def test_kd602_fix_multiplies_the_per_replica_size_by_the_strategys_replicas():
    findings = lint_file(str(FIXTURES / "kd602_bad.py"))
    fixes = [f.fix for f in findings]
    assert "model.fit(x, y, batch_size=BATCH_SIZE_PER_REPLICA * mirrored.num_replicas_in_sync, epochs=2)" in fixes
    assert "model.fit(x, y, batch_size=(BATCH_SIZE_PER_REPLICA + 8) * mirrored.num_replicas_in_sync, epochs=2)" in fixes
    assert all(f.severity.value == "warning" for f in findings)
    # the message names the call the size is given to, and keeps an operator's operand together
    assert "the size given to `batch()` as the global batch" in findings[0].message
    assert "each replica gets `(BATCH_SIZE_PER_REPLICA + 8) / mirrored.num_replicas_in_sync` examples." in (
        findings[-1].message
    )


def test_the_seed_grid_search_gets_every_finding_in_one_pass_and_its_fixes_make_it_clean():
    """Keras 2's wrapper (KD307 on its import) still counts as a wrapper: its build_fn= (KD307), the
    unstratified cv=5 (KD301) and the unprefixed grid keys (KD308) are reported in the same run, as a
    compiler reports every error; pasting the fixes leaves nothing to report."""
    path = FIXTURES / "seed_gridsearch.py"
    text = path.read_text()
    findings = lint_file(str(path))
    assert [f.code for f in findings] == ["KD307", "KD307", "KD308", "KD308", "KD301"]
    imported, build_fn, *keys, unstratified = findings
    fixed = text.replace("from keras.wrappers.scikit_learn import KerasClassifier", imported.fix)
    fixed = fixed.replace("KerasClassifier(build_fn = build_classifier)", build_fn.fix)
    for key in keys:
        prefixed = key.fix.split(":")[0]
        fixed = fixed.replace(prefixed.replace("model__", ""), prefixed)
    import_line, cv = unstratified.fix.split("\n")
    fixed = import_line + "\n" + fixed.replace("cv=5", cv)
    assert lint_text(fixed) == []


def test_rules_find_calls_through_import_aliases():
    # the engine runs a rule only on calls of the names it lists (by the imported name, not the alias)
    source = (
        "from scikeras.wrappers import KerasClassifier as KC\n"
        "from sklearn.model_selection import GridSearchCV as GS\n"
        "from keras.layers import Dense as D\n"
        "import numpy as np\n"
        "clf = KC(model=build)\n"
        "search = GS(clf, {}, cv=5)\n"
        "layer = D(np.max(y) + 1)\n"
    )
    assert [(f.line, f.code) for f in lint_text(source)] == [(6, "KD301"), (7, "KD508")]
