"""The wrapping: put a hooked method in place of each row of `HOOKS`, and the originals back.

``keras.Model.fit`` is inherited from the backend trainer, so the hooked one
is set on ``keras.Model`` and deleted again by `uninstall`; a method the owner
defines itself is put back as the very object that was there. A call inside
another hooked call of the same group (``evaluate`` inside ``fit``, a search
inside ``cross_val_score``) goes straight to the original: the outer call does
the work. A library the program has not imported yet is hooked when it imports
it (`deferred`): importing Keras ourselves would fix its backend before the
program chose one.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import sys
import threading
from typing import Any

from ..checks import crashed
from ..findings import KerasDoctorError, Report
from ..tracebacks import without_ours
from . import deferred
from .calls import Hook, call_name, model_call
from .session import ON_FAIL, Session

# The sessions in force, oldest first: `install()`'s and each open `installed()` block's. The last one
# records what the hooks find; the methods are wrapped while there is one. Replaced, never changed in
# place, and only under _lock: a hooked call in another thread reads one consistent tuple.
_sessions: tuple[Session, ...] = ()
_lock = threading.RLock()
_installed: dict[tuple[str, str], tuple[type, bool, Any]] = {}  # (owner, method) -> (owner obj, had own, raw)
_active: contextvars.ContextVar[tuple] = contextvars.ContextVar("kerasdoctor_active", default=())


def _before(session: Session, hook: Hook, call: inspect.BoundArguments) -> Report:
    """The call's report, recorded; under --strict with an error, `session.stopped` is set for the caller
    to raise (from its own frame: one line of ours in the traceback)."""
    __tracebackhide__ = True  # noqa: F841  (IPython leaves our frames out of the tracebacks it shows)
    try:
        report = hook.check(call)
    except Exception as error:  # a hook never breaks the user's program
        report = Report(findings=[crashed(f"hook {hook.name}", error, then="the call goes on unchecked")])
    session.count(call_name(hook, call))
    stop = session.strict and not report.ok
    # what stops the call is shown once, by the error that carries it (not as warnings first)
    session.record(report, nested=bool(_active.get()[:-1]), show=not stop)  # [-1] is this call's own group
    if stop:
        session.stopped = KerasDoctorError(report)
    return report


def _wrap(hook: Hook, original):
    signature = inspect.signature(original)

    @functools.wraps(original)
    def hooked(*args, **kwargs):
        __tracebackhide__ = True  # noqa: F841  (IPython leaves this frame out of the tracebacks it shows)
        session = _current()
        if session is None or hook.nesting in _active.get():
            # A call made by the library itself inside a hooked one (fit() calls
            # evaluate() for validation, a search inside cross_val_score): the outer
            # call does the work.
            return original(*args, **kwargs)
        try:
            call = signature.bind(*args, **kwargs)
        except TypeError:
            if hook.unbound is not None:
                return _unbound(session, hook, original, args, kwargs)
            return original(*args, **kwargs)  # the library reports wrong arguments itself
        outermost = not _active.get()
        if outermost:
            session.stopped = None
            session.outer_calls += 1
        token = _active.set(_active.get() + (hook.nesting,))
        try:
            report = None
            if hook.check is not None:
                report = _before(session, hook, call)
                if session.strict and not report.ok:
                    raise session.stopped
                session.trained += 1
            if hook.caps and (session.epochs_cap or session.steps_cap):
                args, kwargs = _clipped(session, call)
            try:
                result = original(*args, **kwargs)
            except Exception as error:
                if hook.explain is not None:
                    _explain(hook, error, call, report)
                if outermost and session.stopped is not None and error is not session.stopped:
                    raise session.stopped from error
                raise
            if outermost and session.stopped is not None:
                # --strict refused a Model.fit inside a search, which scikit-learn's
                # error_score=nan turned into a 'fit failed' warning: stop here instead
                raise session.stopped
            return result
        finally:
            _active.reset(token)

    hooked.__kerasdoctor_hook__ = hook
    # Found where it is installed: pickle (joblib, multiprocessing) saves a function as a reference
    # to module.qualname and checks that it finds the same object there; the original's name would
    # find the original. Unpickled where nothing is hooked (a worker process), it is the original.
    module, _, owner = hook.owner.partition(":")
    hooked.__module__, hooked.__qualname__ = module, f"{owner}.{hook.method}" if owner else hook.method
    return hooked


def _unbound(session: Session, hook: Hook, original, args: tuple, kwargs: dict):
    """A call the library refuses (`fit(x, y, nb_epoch=10)`): what the hook finds is shown first, then the
    library raises its own error, with the finding as its note."""
    try:
        report = hook.unbound(args, kwargs)
    except Exception as error:  # a hook never breaks the user's program
        report = Report(findings=[crashed(f"hook {hook.name}", error)])
    __tracebackhide__ = True  # noqa: F841
    if report is not None:
        stop = session.strict and not report.ok
        session.record(report, nested=bool(_active.get()), show=not stop)
        if stop:
            session.stopped = KerasDoctorError(report)
            raise session.stopped
    try:
        return original(*args, **kwargs)
    except Exception as error:
        if report is not None and hook.explain is not None:
            from ..explanations import attach_note

            attach_note(error, args[0] if args else None, kwargs, report)
        raise


def _clipped(session: Session, call: inspect.BoundArguments):
    from ..caps import clip_fit_arguments

    try:
        model, arguments = model_call(call)
        return (model,), clip_fit_arguments(arguments, session.epochs_cap, session.steps_cap)
    except Exception:  # clipping failed: train as asked rather than not at all
        return call.args, call.kwargs


def _explain(hook: Hook, error: BaseException, call: inspect.BoundArguments, report: Report | None) -> None:
    try:
        hook.explain(error, call, report)
    except Exception:  # an explanation that fails must leave the user's error as it was
        pass


# ---- errors raised anywhere: sys.excepthook, IPython's custom exception handler ------------------------

_replaced_handlers: dict[str, Any] = {}  # "sys": the excepthook before ours; "ipython": (shell, exceptions, handler)


def _explain_uncaught(error: BaseException) -> None:
    """The note for an error no hooked call saw (raised while a model is built, by a dataset, ...):
    from its message alone."""
    from ..explanations import attach_note

    attach_note(error)


def _excepthook(kind, error, tb):
    _explain_uncaught(error)
    tb = without_ours(tb)
    if isinstance(error, BaseException):  # Python prints the error's own __traceback__, not the argument
        error = error.with_traceback(tb)
    _replaced_handlers.get("sys", sys.__excepthook__)(kind, error, tb)


def _ipython_handler(shell, kind, error, tb, tb_offset=None):
    """IPython's custom exception handler: the note, then IPython's own traceback (and the note under it
    when this IPython does not print PEP 678 notes itself)."""
    _explain_uncaught(error)
    _, exceptions, previous = _replaced_handlers["ipython"]
    if exceptions and isinstance(error, exceptions):
        return previous(kind, error, tb, tb_offset=tb_offset)
    shell.showtraceback((kind, error, tb), tb_offset=tb_offset)
    from ..explanations import NOTE_PREFIX

    ours = [n for n in getattr(error, "__notes__", ()) if str(n).startswith(NOTE_PREFIX)]
    shown = shell.InteractiveTB.text(kind, error, tb) if ours else ""
    for note in ours:
        if note not in shown:
            print(note, file=sys.stderr)
    return None


def _install_error_handlers() -> None:
    if "sys" not in _replaced_handlers:
        _replaced_handlers["sys"] = sys.excepthook
        sys.excepthook = _excepthook
    ipython = _ipython()
    if ipython is not None and "ipython" not in _replaced_handlers:
        _replaced_handlers["ipython"] = (ipython, ipython.custom_exceptions, ipython.CustomTB)
        ipython.set_custom_exc((Exception,), _ipython_handler)


def _uninstall_error_handlers() -> None:
    if "sys" in _replaced_handlers:
        previous = _replaced_handlers.pop("sys")
        if sys.excepthook is _excepthook:
            sys.excepthook = previous
    if "ipython" in _replaced_handlers:
        ipython, exceptions, handler = _replaced_handlers.pop("ipython")
        ipython.custom_exceptions, ipython.CustomTB = exceptions, handler


def _ipython():
    """The running IPython shell, if any (never imports IPython)."""
    module = sys.modules.get("IPython")
    get = getattr(module, "get_ipython", None)
    return get() if get is not None else None


# ---- install / uninstall ------------------------------------------------------------


def _current() -> Session | None:
    sessions = _sessions
    return sessions[-1] if sessions else None


def _session(strict, on_fail, epochs_cap, steps_cap, stream) -> Session:
    if on_fail not in ON_FAIL:
        raise ValueError(f"on_fail must be one of {', '.join(map(repr, ON_FAIL))}, not {on_fail!r}")
    for cap, value in (("epochs_cap", epochs_cap), ("steps_cap", steps_cap)):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(f"{cap} must be a positive integer, not {value!r}")
    return Session(
        strict=strict or on_fail == "raise", on_fail=on_fail, epochs_cap=epochs_cap, steps_cap=steps_cap, stream=stream
    )


def _wrap_all() -> None:
    """Each row's method wrapped now if the program has imported its library, else once it does: never
    import it ourselves (`deferred`); and the handlers that explain uncaught errors in place."""
    # The table is the package's, read now: a table replaced on kerasdoctor.hooks (one more row,
    # a test's broken check) is the one installed.
    from . import HOOKS

    for hook in HOOKS:
        if (hook.owner, hook.method) not in _installed:
            deferred.when_imported(hook.owner.partition(":")[0], functools.partial(_put_in_place, hook))
    _install_error_handlers()


def _put_in_place(hook: Hook) -> None:
    with _lock:  # called by the import of the library, in whichever thread imports it
        key = (hook.owner, hook.method)
        if key in _installed:
            return
        try:
            owner = hook.resolve()
        except (ImportError, AttributeError):
            return  # a version of the library without it: nothing to hook
        had_own = hook.method in vars(owner)
        raw = vars(owner).get(hook.method)
        setattr(owner, hook.method, _wrap(hook, getattr(owner, hook.method)))
        _installed[key] = (owner, had_own, raw)


def _unwrap_all() -> None:
    deferred.forget()
    for (_, method), (owner, had_own, raw) in list(_installed.items()):
        if had_own:
            setattr(owner, method, raw)
        else:
            delattr(owner, method)
    _installed.clear()
    _uninstall_error_handlers()


def install(
    strict: bool = False,
    on_fail: str = "warn",
    *,
    epochs_cap: int | None = None,
    steps_cap: int | None = None,
    stream=None,
) -> Session:
    """Check every ``keras.Model.fit`` (and ``evaluate``/``predict``), search ``fit`` and cross-validation
    before it runs; explain the errors they raise anyway, and (through ``sys.excepthook`` and, in IPython,
    its custom exception handler) any uncaught error whose message is a known one.

    ``on_fail``: how new findings are shown: "warn" (a `KerasDoctorWarning`
    each), "print" (a report on stderr), "display" (IPython display, HTML in a
    notebook), "return" (only collected in the returned session's ``report``),
    or "raise" (same as ``strict=True``). ``strict``: raise `KerasDoctorError`
    before training when a check finds an error. Each distinct problem
    (code, location, message) is shown once per installation. Installing
    again changes the settings and starts a new session; nothing is wrapped twice.
    The hooks stay until `uninstall`, whatever `installed` blocks open and close meanwhile.
    """
    session = _session(strict, on_fail, epochs_cap, steps_cap, stream)
    session.installed_for_good = True
    with _lock:
        _set_sessions(*(s for s in _sessions if not s.installed_for_good), session)
    return session


def _set_sessions(*sessions: Session) -> None:
    """The sessions in force from now on; the methods wrapped when there are some, the originals back
    when there are none. Called under _lock."""
    global _sessions
    if sessions:
        _wrap_all()
    _sessions = sessions
    if not sessions:
        _unwrap_all()


def uninstall() -> None:
    """Put back the original methods, the very objects that were there before `install`, and end every
    session (those of open `installed` blocks too)."""
    with _lock:
        _set_sessions()


def is_installed() -> bool:
    """Whether the hooks are in place (then the methods are wrapped, and a session records)."""
    return bool(_sessions)


@contextlib.contextmanager
def installed(
    strict: bool = False,
    on_fail: str = "warn",
    *,
    epochs_cap: int | None = None,
    steps_cap: int | None = None,
    stream=None,
):
    """``with kd.installed(...) as session:`` hooks for a block; the state before it comes back after.

    Blocks may nest, overlap in threads and close in any order: each ends its own session only, and
    the hooks come off when no session is left (an `install` made before stays; an `uninstall` inside
    the block has ended it already).
    """
    session = _session(strict, on_fail, epochs_cap, steps_cap, stream)
    with _lock:
        _set_sessions(*_sessions, session)
    try:
        yield session
    finally:
        with _lock:
            if any(s is session for s in _sessions):  # not ended by an uninstall() inside the block
                _set_sessions(*(s for s in _sessions if s is not session))
