"""Every result object shows itself one way: str, rich, Jupyter HTML and IPython's pretty printer agree."""

import io

import numpy as np
import pytest
from IPython.lib.pretty import RepresentationPrinter, pretty
from rich.console import Console
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.findings import Finding, Report
from kerasdoctor.render.protocol import Rendered


def results():
    y = np.repeat(np.arange(3), 10)
    audit = kd.audit_folds(LogisticRegression(), np.zeros((30, 2)), y, cv=KFold(3))
    model = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(1), keras.layers.Dense(2)])
    params = kd.params(model)
    return {
        "Report": Report(findings=[Finding("KD201", "no loss", fix="model.compile(loss='mse')")]),
        "FoldAudit": audit,
        "FoldTable": audit.table,
        "ParamReport": params,
        "Explanation": params.explain()[0],
    }


@pytest.fixture(scope="module")
def objects():
    return results()


@pytest.mark.parametrize("kind", ["Report", "FoldAudit", "FoldTable", "ParamReport", "Explanation"])
def test_str_rich_html_and_pretty_come_from_one_renderable(objects, kind):
    obj = objects[kind]
    assert isinstance(obj, Rendered) and type(obj).__name__ == kind
    text = str(obj)
    assert text and pretty(obj) == text  # a terminal IPython shows what print() shows
    console = Console(file=io.StringIO(), width=obj._width, no_color=True, highlight=False)
    console.print(obj, crop=obj._crop)
    assert "\n".join(line.rstrip() for line in console.file.getvalue().rstrip("\n").split("\n")) == text
    html = obj._repr_html_()
    assert html.startswith(f'<div class="{obj._css_class}">') and html.endswith("</div>")


def test_pretty_printer_cycle_names_the_object_instead_of_recursing(objects):
    stream = io.StringIO()
    printer = RepresentationPrinter(stream)
    objects["Report"]._repr_pretty_(printer, cycle=True)
    printer.flush()
    assert stream.getvalue() == "Report(...)"


@pytest.mark.parametrize("kind", ["Report", "ParamReport"])
def test_repr_is_one_short_line(objects, kind):
    text = repr(objects[kind])
    assert text.startswith(f"<{kind} ") and "\n" not in text and len(text) < 120
    assert repr(objects["Report"]) == "<Report 'kerasdoctor report': 1 error, 0 passed, 0 skipped>"
