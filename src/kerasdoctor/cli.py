"""`kerasdoctor ...`: the command line.

    kerasdoctor rule KD101      the documentation of one code
    kerasdoctor rules           the table of codes
    kerasdoctor demo [DIR]      run the checks on the bundled recipes
    kerasdoctor lint PATHS...   find the same mistakes in .py/.ipynb files, without running them
"""

from __future__ import annotations

import argparse
import os
import sys

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from . import rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def quiet_tensorflow() -> None:
    """Silence TensorFlow's start-up logging for our own commands (not our warnings)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def cmd_rule(args, console: Console) -> int:
    try:
        rule = rules.get(args.code)
    except KeyError as error:
        console.print(f"[red]error:[/red] {error.args[0]}")
        return EXIT_USAGE
    if args.markdown:
        console.print(rule.docs, markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(Markdown(rule.docs))
    return EXIT_OK


def cmd_rules(args, console: Console) -> int:
    table = Table("code", "slug", "severity", "summary", title="kerasdoctor codes")
    for rule in rules.RULES:
        table.add_row(rule.code, rule.slug, rule.severity, rule.summary + (" (retired)" if rule.retired else ""))
    console.print(table)
    return EXIT_OK


def cmd_demo(args, console: Console) -> int:
    quiet_tensorflow()
    from .demo import find_recipes, run_demo

    directory = args.directory or find_recipes()
    if directory is None or not os.path.isdir(directory):
        console.print("[red]error:[/red] no recipes directory found; pass one: kerasdoctor demo path/to/recipes")
        return EXIT_USAGE
    return run_demo(directory, console, train=not args.no_train)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kerasdoctor", description=__doc__.split("\n\n")[0].strip("`: "))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("rule", help="show the documentation of a finding code")
    p.add_argument("code", help="a code (KD101) or slug (unbatched-dataset)")
    p.add_argument("--markdown", action="store_true", help="print the raw Markdown")
    p.set_defaults(run=cmd_rule)
    p = sub.add_parser("rules", help="list every finding code")
    p.set_defaults(run=cmd_rules)
    p = sub.add_parser("demo", help="run the checks on the bundled recipes and print the reports")
    p.add_argument("directory", nargs="?", help="a directory of recipes (default: the bundled ones)")
    p.add_argument("--no-train", action="store_true", help="only diagnose; do not train the fixed versions")
    p.set_defaults(run=cmd_demo)
    from .lint.command import add_parser as add_lint_parser

    add_lint_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and EXIT_USAGE
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    return args.run(args, Console(highlight=False))


if __name__ == "__main__":
    sys.exit(main())
