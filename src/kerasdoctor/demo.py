"""Recipes and `kerasdoctor demo`.

A recipe is a module of `kerasdoctor.recipes` (shipped in the wheel) that shows one mistake. It defines
``broken_pipeline()`` and ``fixed_pipeline()``, each returning ``(obj, kwargs)``
such that ``obj.fit(**kwargs)`` is the training call a user would write. The
functions here diagnose those calls and train the fixed one; `recipe_main`
gives every recipe the same command line:

    python -m kerasdoctor.recipes.NAME          the diagnosis of the broken and the fixed pipeline
    python -m kerasdoctor.recipes.NAME broken   train the broken pipeline as a user would (no kerasdoctor)
    python -m kerasdoctor.recipes.NAME fixed    train the fixed pipeline as a user would (no kerasdoctor)

(or ``python path/to/NAME.py`` as any script).

A recipe that answers a question rather than fixing a mistake (the parameter
counts) defines ``explain()`` instead, returning ``{question: report}``; it is
shown by printing those reports.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from . import exitcodes
from .facts.splitters import is_search
from .findings import Report


def diagnose(obj, kwargs: dict) -> Report:
    """The report for ``obj.fit(**kwargs)``, whatever kind of object obj is."""
    from . import check, check_search

    if is_search(obj):  # a scikit-learn search: kwargs are its fit's X, y, groups
        return check_search(obj, **kwargs)
    return check(obj, **kwargs)


def broken(recipe) -> Report:
    obj, kwargs = recipe.broken_pipeline()
    return diagnose(obj, kwargs)


def fixed(recipe, train: bool = True) -> Report:
    obj, kwargs = recipe.fixed_pipeline()
    report = diagnose(obj, kwargs)
    if train:
        _train(obj, kwargs)
    return report


def _train(obj, kwargs: dict):
    quiet = {"verbose": 0} if "verbose" in _fit_parameters(obj) else {}
    with warnings.catch_warnings():
        # Keras 3 says this on every fit() given a dataset with the default
        # shuffle=True; it is not ours and says nothing about the recipe.
        warnings.filterwarnings("ignore", message="`shuffle=True` was passed", category=UserWarning)
        return obj.fit(**{**quiet, **kwargs})


def _fit_parameters(obj) -> set[str]:
    import inspect

    return set(inspect.signature(obj.fit).parameters)


def recipe_main(recipe) -> int:
    """The command line shared by every recipe (see the module docstring)."""
    what = sys.argv[1] if len(sys.argv) > 1 else "diagnose"
    if hasattr(recipe, "explain"):
        show(recipe, Console(highlight=False))
    elif what == "broken":
        _train(*recipe.broken_pipeline())
    elif what == "fixed":
        _train(*recipe.fixed_pipeline())
    else:
        console = Console(highlight=False)
        show(recipe, console, train=True)
    return 0


def show(recipe, console: Console, train: bool = True) -> None:
    console.print((recipe.__doc__ or "").strip().split("\n\n")[0], style="italic")
    if hasattr(recipe, "explain"):
        for question, report in recipe.explain().items():
            console.print(f"\n[bold]{question}[/bold]")
            console.print(report, crop=False)
        return
    console.print("\n[bold]The broken pipeline[/bold]")
    console.print(broken(recipe), crop=False)
    console.print("\n[bold]After the fix[/bold]" + (", trained:" if train else ":"))
    console.print(fixed(recipe, train=train), crop=False)


def find_recipes() -> Path:
    """The bundled recipes: the `kerasdoctor.recipes` package, shipped in the wheel (any directory works)."""
    return Path(__file__).resolve().parent / "recipes"


def recipe_paths(directory) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.py") if not p.name.startswith("_"))


def load_recipe(path: Path):
    name = f"kerasdoctor_recipe_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_demo(directory, console: Console, train: bool = True) -> int:
    failures = 0
    for path in recipe_paths(directory):
        console.print(Rule(f"[bold]{path.name}"))
        try:
            show(load_recipe(path), console, train=train)
        except Exception as error:  # one broken recipe must not hide the others
            failures += 1
            console.print(f"[red]recipe {path.name} failed:[/red] {type(error).__name__}: {error}")
    return exitcodes.ERROR if failures else exitcodes.OK
