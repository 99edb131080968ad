"""`kerasdoctor demo`: run each recipe's broken pipeline through the checks,
then its fix, and print both reports.

A recipe is a script in recipes/ with two functions: ``broken()`` returns the
report kerasdoctor gives for the broken pipeline, ``fixed(train=True)`` checks
the fixed pipeline, trains it (unless train=False) and returns its report.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from rich.console import Console
from rich.rule import Rule


def find_recipes() -> Path | None:
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "recipes", Path.cwd() / "recipes"):
        if candidate.is_dir():
            return candidate
    return None


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
            recipe = load_recipe(path)
            console.print((recipe.__doc__ or "").strip().split("\n\n")[0], style="italic")
            console.print("\n[bold]The broken pipeline[/bold]")
            console.print(recipe.broken())
            console.print("\n[bold]After the fix[/bold]" + (", trained:" if train else ":"))
            console.print(recipe.fixed(train=train))
        except Exception as error:  # one broken recipe must not hide the others
            failures += 1
            console.print(f"[red]recipe {path.name} failed:[/red] {type(error).__name__}: {error}")
    return 1 if failures else 0
