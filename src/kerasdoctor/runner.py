"""`kerasdoctor run SCRIPT -- ARGS`: run a training script as ``python SCRIPT ARGS`` would, hooks installed.

Like ``python script.py``: ``runpy.run_path(..., run_name="__main__")``, the
same ``sys.argv`` (the script path as given, then its arguments),
``sys.path[0]`` is the script's directory, the working directory is left as it
is, and the script's exit code is ours (``sys.exit(3)`` -> 3; an uncaught
exception prints its traceback, explained notes included, and gives 1).

The script is linted first (`kd.lint` on its file, never importing it) and
those findings are shown before it starts; they never stop it, even with
``--strict``, which is about the runtime checks made before each training
call (``--no-lint`` skips the lint).

Findings go to stderr as text, so the script's stdout stays its own. With
``--format json`` the findings of the whole run are one JSON document: in
``--output FILE``, or else on stdout, in which case the script's own stdout
is sent to stderr while it runs, so stdout holds nothing but that document.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import sys
import traceback

from . import exitcodes, hooks
from .findings import KerasDoctorError
from .render.json import dumps
from .tracebacks import without_ours


def _exit_code(exit_: SystemExit, stderr) -> int:
    """What the interpreter would exit with for this SystemExit."""
    code = exit_.code
    if code is None:
        return exitcodes.OK
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return exitcodes.ERROR


@contextlib.contextmanager
def _as_main_script(path: str, args: list[str]):
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [path, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        yield
    finally:
        sys.argv[:] = saved_argv
        sys.path[:] = saved_path


def run_script(
    path: str,
    args: list[str] | None = None,
    *,
    strict: bool = False,
    epochs_cap: int | None = None,
    steps_cap: int | None = None,
    fmt: str = "text",
    output: str | None = None,
    lint: bool = True,
    stdout=None,
    stderr=None,
) -> int:
    """Lint the script, then run it with the hooks installed; return its exit code (1 when --strict stopped it)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if not os.path.isfile(path):
        print(f"kerasdoctor run: error: no such script: {path}", file=stderr)
        return exitcodes.USAGE
    linted = _lint(path, stderr, show=fmt == "text") if lint else None
    on_fail = "print" if fmt == "text" else "return"
    json_on_stdout = fmt == "json" and output is None
    with hooks.installed(strict=strict, on_fail=on_fail, epochs_cap=epochs_cap, steps_cap=steps_cap) as session:
        session.stream, session.show_stops = stderr, True
        code = _run(path, args or [], stderr, redirect=json_on_stdout)
    if strict and code == exitcodes.OK and not session.report.ok:
        # the script caught the KerasDoctorError around its fit() (a sweep loop goes on to the next
        # candidate): --strict still fails the run
        print(
            f"kerasdoctor: --strict: {_counted(len(session.report.errors), 'error')} found, though the script "
            "caught the stop and went on",
            file=stderr,
        )
        code = exitcodes.STRICT
    if fmt == "json":
        document = session.report.to_dict()
        # fit_calls: every checked call (Model.fit, a search's fit, cross_val_score, ...), by name in "checked"
        document["run"] = {
            "script": path,
            "args": list(args or []),
            "exit_code": code,
            "fit_calls": session.calls,
            "fit_calls_trained": session.trained,
            "checked": dict(session.checked),
        }
        document["lint"] = None if linted is None else linted.to_dict()
        text = dumps(document)
        if output is None:
            print(text, file=stdout)
        else:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
    else:  # one closing line, as `kerasdoctor lint` ends with one: a clean run says so too
        found = len(session.report.findings)
        print(
            f"kerasdoctor: {_counted(session.calls, 'call')} checked ({_checked(session.checked)}), "
            + (f"{_counted(found, 'distinct finding')}" if found else "no findings"),
            file=stderr,
        )
    return code


def _counted(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _checked(calls: dict) -> str:
    """ "Sequential.fit x3, GridSearchCV.fit" for {"Sequential.fit": 3, "GridSearchCV.fit": 1}."""
    return ", ".join(name + (f" x{n}" if n > 1 else "") for name, n in calls.items()) or "none made"


def _lint(path: str, stderr, show: bool):
    """The lint report of the script (None when it could not be linted); shown on stderr in text mode."""
    from .linter import lint

    try:
        report = lint(path)
    except Exception as error:  # linting is a courtesy: the script runs anyway
        print(f"kerasdoctor: could not lint {path}: {type(error).__name__}: {error}", file=stderr)
        return None
    if show and report.findings:
        color = bool(getattr(stderr, "isatty", lambda: False)())
        print(report.render_text(color=color), file=stderr)
        print(f"kerasdoctor: {len(report.findings)} lint finding(s) in {path}; running it anyway", file=stderr)
    return report


def _run(path: str, args: list[str], stderr, redirect: bool) -> int:
    quiet = contextlib.redirect_stdout(stderr) if redirect else contextlib.nullcontext()
    try:
        with _as_main_script(path, args), quiet:
            runpy.run_path(path, run_name="__main__")
    except SystemExit as exit_:
        return _exit_code(exit_, stderr)
    except KerasDoctorError as error:
        print(f"kerasdoctor: stopped before training: {len(error.report.errors)} error(s) found", file=stderr)
        return exitcodes.STRICT
    except Exception as error:  # the script's own failure: show it as Python would (with our notes)
        from .explanations import attach_note

        attach_note(error)  # a known error raised outside a hooked call (building a model, distributing data)
        traceback.print_exception(type(error), error, _from_script(error.__traceback__, path), file=stderr)
        return exitcodes.ERROR
    return exitcodes.OK


def _from_script(tb, path: str):
    """The traceback from the script's first frame on, without runpy's and ours (the hooked method's frame
    included), as `python SCRIPT` shows it: the library's own frames, as Keras filters them."""
    target, start = os.path.abspath(path), tb
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != target:
        tb = tb.tb_next
    return without_ours(tb or start)
