"""kerasdoctor finds the mistakes that make Keras training fail, before fit() runs.

kerasdoctor rule KD101      the documentation of one code
kerasdoctor rules           the table of codes
kerasdoctor demo [DIR]      run the checks on the bundled recipes
kerasdoctor run SCRIPT [--strict] [--epochs-cap N] [--steps-cap N] [--format text|json] [--no-lint] -- ARGS
                            lint a training script, then run it with the checks before every fit()
kerasdoctor lint PATHS...   find the same mistakes in .py/.ipynb files, without running them
kerasdoctor params FILE     every layer's parameter count explained (or --application NAME)

Each command imports what it needs when it runs: `lint` (run by editors and
pre-commit on one file at a time) starts without rich, the codes' docs or
TensorFlow; `bench/lint_speed.py` measures that start against pyflakes'.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import exitcodes


def quiet_tensorflow() -> None:
    """Silence TensorFlow's start-up logging for our own commands (not our warnings)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def _console():
    from rich.console import Console

    return Console(highlight=False)


def cmd_rule(args, console) -> int:
    from . import codes
    from .render.text import docs_renderable

    try:
        rule = codes.get(args.code)
    except KeyError as error:
        console.print(f"[red]error:[/red] {error.args[0]}")
        return exitcodes.USAGE
    if args.markdown:
        console.print(rule.docs, markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(docs_renderable(rule.docs), crop=False)
    return exitcodes.OK


def cmd_rules(args, console) -> int:
    from rich.table import Table

    from . import codes

    if args.markdown:
        console.print(codes.markdown_table(), markup=False, highlight=False, soft_wrap=True)
        return exitcodes.OK
    table = Table(title="kerasdoctor codes")
    # the code and the slug are what users type (`kerasdoctor rule KD102`, a suppression comment): never
    # cut; the summary wraps
    table.add_column("code", no_wrap=True, min_width=5)
    table.add_column("slug", no_wrap=True, min_width=max(len(rule.slug) for rule in codes.all_codes()))
    table.add_column("severity", no_wrap=True)
    table.add_column("summary", ratio=1)
    for rule in codes.all_codes():
        table.add_row(rule.code, rule.slug, rule.severity.value, rule.summary + (" (retired)" if rule.retired else ""))
    console.print(table)
    return exitcodes.OK


def cmd_demo(args, console) -> int:
    quiet_tensorflow()
    from .demo import find_recipes, run_demo

    directory = args.directory or find_recipes()
    if not os.path.isdir(directory):
        console.print(f"[red]error:[/red] {directory} is not a directory of recipes")
        return exitcodes.USAGE
    return run_demo(directory, console, train=not args.no_train)


def cmd_run(args, console) -> int:
    # no quiet_tensorflow(): the script runs with the user's environment, as `python SCRIPT` would
    from .runner import run_script

    return run_script(
        args.script,
        args.script_args,
        strict=args.strict,
        epochs_cap=args.epochs_cap,
        steps_cap=args.steps_cap,
        fmt=args.format,
        output=args.output,
        lint=not args.no_lint,
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text}")
    return value


def _load_for_params(args, console):
    """The model to report on, or None after printing why there is none."""
    import keras

    if args.application:
        names = sorted(n for n in dir(keras.applications) if n[:1].isupper())
        if args.application not in names:
            console.print(
                f"[red]error:[/red] keras.applications has no model {args.application!r}; "
                f"choose one of: {', '.join(names)}"
            )
            return None
        # weights=None: build the architecture only, never download anything.
        return getattr(keras.applications, args.application)(weights=None)
    if not os.path.isfile(args.file):
        console.print(f"[red]error:[/red] no such file: {args.file}")
        return None
    try:
        # safe_mode=True: refuse to deserialise Python lambdas from a file we were handed.
        return keras.saving.load_model(args.file, safe_mode=True)
    except Exception as error:
        console.print(
            f"[red]error:[/red] could not load {args.file} as a Keras model "
            f"(.keras or .h5): {type(error).__name__}: {error}"
        )
        return None


def cmd_params(args, console) -> int:
    if bool(args.file) == bool(args.application):
        console.print("[red]error:[/red] give a saved model file or --application NAME (one of the two)")
        return exitcodes.USAGE
    quiet_tensorflow()
    model = _load_for_params(args, console)
    if model is None:
        return exitcodes.USAGE
    from .parameters import build_report

    report = build_report(model, expand=args.expand)
    if args.format == "json":
        console.print(report.to_json(), markup=False, highlight=False, soft_wrap=True)
    elif args.format == "markdown":
        console.print(report.to_markdown(), markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(report, crop=False)  # a name is never cut, even when the terminal is narrower
    return exitcodes.OK


def _add_rule(sub) -> None:
    p = sub.add_parser("rule", help="show the documentation of a finding code")
    p.add_argument("code", help="a code (KD101) or slug (unbatched-dataset)")
    p.add_argument("--markdown", action="store_true", help="print the raw Markdown")
    p.set_defaults(run=cmd_rule)


def _add_rules(sub) -> None:
    p = sub.add_parser("rules", help="list every finding code")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown (README's table)")
    p.set_defaults(run=cmd_rules)


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="run the checks on the bundled recipes and print the reports")
    p.add_argument("directory", nargs="?", help="a directory of recipes (default: the bundled ones)")
    p.add_argument("--no-train", action="store_true", help="only diagnose; do not train the fixed versions")
    p.set_defaults(run=cmd_demo)


def _add_run(sub) -> None:
    p = sub.add_parser(
        "run",
        help="run a training script as python would, checking every fit() before it trains",
        usage="kerasdoctor run SCRIPT [options] [-- SCRIPT_ARGS ...]",
    )
    p.add_argument("script", help="the Python script to run")
    p.add_argument("--strict", action="store_true", help="stop before training when a check finds an error (exit 1)")
    p.add_argument("--epochs-cap", type=_positive, metavar="N", help="clip every fit() to at most N epochs")
    p.add_argument("--steps-cap", type=_positive, metavar="N", help="clip every fit() to at most N steps per epoch")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: findings on stderr as they come; json: one report of the whole run",
    )
    p.add_argument("--output", metavar="FILE", help="with --format json: write the report here, not to stdout")
    p.add_argument(
        "--no-lint",
        action="store_true",
        help="do not lint the script first (lint findings never stop it, even with --strict)",
    )
    p.set_defaults(run=cmd_run, script_args=[])


def _add_lint(sub) -> None:
    from .linter.command import add_parser

    add_parser(sub)


def _add_params(sub) -> None:
    p = sub.add_parser("params", help="every layer's parameter count, explained by its formula")
    p.add_argument("file", nargs="?", help="a saved model (.keras or .h5), loaded with safe_mode=True")
    p.add_argument("--application", metavar="NAME", help="a keras.applications model (weights=None), e.g. ResNet50")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--expand", action="store_true", help="also list the layers of nested models and wrappers")
    p.set_defaults(run=cmd_params)


COMMANDS = {
    "rule": _add_rule,
    "rules": _add_rules,
    "demo": _add_demo,
    "run": _add_run,
    "lint": _add_lint,
    "params": _add_params,
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only``: build just that command's parser (what `main` does for a command it
    is given, so `kerasdoctor lint` does not build, or import, the others')."""
    from ._version import __version__

    parser = argparse.ArgumentParser(prog="kerasdoctor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"kerasdoctor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in COMMANDS.items():
        if only is None or name == only:
            add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lint"] and "--" not in argv:
        return _lint(argv[1:])
    parser = build_parser(only=argv[0] if argv and argv[0] in COMMANDS else None)
    # `kerasdoctor run SCRIPT [options] -- ARGS`: everything after `--` is the script's
    script_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and exitcodes.USAGE
    if not getattr(args, "run", None):
        parser.print_help()
        return exitcodes.USAGE
    if script_args:
        if args.command != "run":
            parser.print_usage()
            return exitcodes.USAGE
        args.script_args = script_args
    return args.run(args, None if args.command in ("lint", "run") else _console())


def _lint(argv: list[str]) -> int:
    """`kerasdoctor lint ...`, which editors and pre-commit start once per file: its own parser, nothing else."""
    from .linter.command import parser, run

    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and exitcodes.USAGE
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
