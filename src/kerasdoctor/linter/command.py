"""`kerasdoctor lint PATHS...`: the command, its options and exit codes.

Exit codes (`kerasdoctor.exitcodes`): 0 no finding at or above the fail-on
threshold; 1 at least one; 2 a usage error (bad option, bad pyproject.toml
entry) or a path that could not be used (missing, unreadable) -- the other
paths are still linted, and 2 wins over 1.
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import exitcodes
from .config import ConfigError, codes, find_pyproject, load, severity
from .files import patterns

FORMATS = ("text", "json", "sarif", "github")


DESCRIPTION = (
    "Static analysis of Keras/TensorFlow scripts and notebooks. "
    "Exit 0: clean; 1: findings at or above --fail-on; 2: usage or I/O error."
)


def add_parser(sub) -> argparse.ArgumentParser:
    """`kerasdoctor lint` among the other commands."""
    p = sub.add_parser(
        "lint", help="find the mistakes in .py and .ipynb files without running them", description=DESCRIPTION
    )
    return _arguments(p)


def parser() -> argparse.ArgumentParser:
    """`kerasdoctor lint`'s parser alone: what `kerasdoctor lint ...` parses with (no other command built)."""
    return _arguments(argparse.ArgumentParser(prog="kerasdoctor lint", description=DESCRIPTION))


def _arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--select", metavar="CODES", help="only these codes or prefixes, comma-separated (KD1,KD201)")
    p.add_argument("--ignore", metavar="CODES", help="never these codes or prefixes, comma-separated")
    p.add_argument("--severity", metavar="LEVEL", help="report findings at or above LEVEL: info, warning, error")
    p.add_argument(
        "--fail-on", metavar="LEVEL", help="exit 1 for findings at or above LEVEL (default: any reported finding)"
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="gitignore-style pattern to skip (repeatable), added to the configured ones",
    )
    p.add_argument("--no-gitignore", action="store_true", help="do not read .gitignore files")
    p.add_argument(
        "--config",
        metavar="PYPROJECT",
        help="read [tool.kerasdoctor] from this file (default: the nearest pyproject.toml)",
    )
    p.set_defaults(run=run)
    return p


def _options(args):
    start = next((p for p in args.paths if os.path.exists(p)), os.getcwd())
    config = args.config if args.config else find_pyproject(start)
    if args.config and not os.path.isfile(args.config):
        raise ConfigError(f"--config {args.config}: no such file")
    options = load(config)
    if args.select is not None:
        options.select = codes(args.select, "--select")
    if args.ignore is not None:
        options.ignore = codes(args.ignore, "--ignore")
    if args.severity is not None:
        options.severity = severity(args.severity, "--severity")
    if args.fail_on is not None:
        options.fail_on = severity(args.fail_on, "--fail-on")
    options.exclude = options.exclude + patterns(args.exclude, os.getcwd())
    options.use_gitignore = not args.no_gitignore
    return options


def render(fmt: str, run) -> str:
    if fmt == "json":
        from ..render.json import dumps

        return dumps({**run.report.to_dict(), "files": run.files, "errors": run.errors})
    if fmt == "sarif":
        from ..render.sarif import render_sarif

        return render_sarif(run.report)
    if fmt == "github":
        from ..render.github import render_github

        return render_github(run.report)
    from ..render.concise import render_concise

    return render_concise(run.report, files=run.files)


def run(args, console=None) -> int:
    from . import lint_paths

    try:
        options = _options(args)
    except ConfigError as error:
        print(f"kerasdoctor lint: error: {error}", file=sys.stderr)
        return exitcodes.USAGE
    result = lint_paths(args.paths, options)
    for message in result.errors:
        print(f"kerasdoctor lint: error: {message}", file=sys.stderr)
    # nothing was linted: the errors above say why, and "No findings in 0 files" would read as a pass
    output = "" if args.format == "text" and result.errors and not result.files else render(args.format, result)
    if output:
        try:
            print(output)
            sys.stdout.flush()
        except BrokenPipeError:  # `kerasdoctor lint . | head`: Python's documented remedy
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    if result.errors:
        return exitcodes.USAGE
    return exitcodes.FINDINGS if any(options.fails(f) for f in result.report.findings) else exitcodes.OK
