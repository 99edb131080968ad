"""Notebook cells read as Jupyter runs them: IPython syntax turned into Python, line for line.

Jupyter hands each cell to IPython, which rewrites its own syntax before
Python sees it (`IPython.core.inputtransformer2.TransformerManager.transform_cell`):

- the cell's leading blank lines are dropped and the indentation of its first
  line is removed from every line (a cell pasted from an indented block runs);
- `>>>` / `In [1]:` prompts are stripped;
- `%%magic` on the first line hands the whole cell to that magic;
- escapes at the start of a logical line, at any indentation (`%magic`, `!cmd`,
  `!!cmd`, `?obj`, `??obj`, `,f a`, `;f a`, `/f a`), assignments from them
  (`x = %magic`, `x = !cmd`) and help at the end of a line (`obj?`, `obj??`)
  become `get_ipython()` calls; a backslash continues them onto the next line.
  A `%` inside open brackets (`print('%d'` / `    % n)`) is Python's operator:
  IPython finds escapes by tokenizing the cell, and so does this module.

`python_cell` returns the cell's Python with exactly as many lines as the cell
(a command continued over three lines becomes one call and two blank lines), so
every line and finding stays where the user sees it. It uses IPython's own
transformer where IPython is importable (imported on the first cell that needs
it: linting a .py file, or a notebook of plain Python, never imports it), and
`fallback_transform` otherwise, a port of the same algorithm (IPython 8).

A cell whose `%%magic` runs its body as Python (`%%time`, `%%timeit`,
`%%capture`, `%%prun`, `%%debug`) is linted as that body; any other cell
magic's body (`%%bash`, `%%writefile`, `%%html`, ...) is not Python and is blanked.
"""

from __future__ import annotations

import ast
import re
import tokenize
import warnings
from collections.abc import Callable

# Cell magics that run their body as Python (IPython transforms that body as a cell of its own).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

# A cheap test first: a cell with none of these is plain Python to IPython too.
_CANDIDATE = re.compile(
    r"^[ \t]*(?:[%!?,;/]|>>>|In \[\d+\]:|\.\.\.:)"  # an escape or a prompt at a line's start
    r"|\?[ \t\r]*$"  # help at a line's end
    r"|=[ \t]*[%!]",  # x = %magic, x = !cmd
    re.MULTILINE,
)
_IN_PROMPT = re.compile(r"^((\[nav\]|\[ins\])? )?In \[\d+\]: ")  # valid Python (an annotation) that IPython strips

Transform = Callable[[list[str]], list[str]]


def python_cell(lines: list[str], transform: Transform | None = None) -> tuple[list[str], int]:
    """(the cell's lines as Python, one for each of ``lines``; the indentation IPython removed from them).

    ``lines``: the cell's text split on newlines. ``transform``: the token
    transforms of a cleaned-up cell (its lines with their newlines) into
    as many lines; default IPython's where importable, else the fallback.
    """
    text = "\n".join(lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or not _needs_transform(text, lines[first]):
        return lines, 0
    body = [line + "\n" for line in lines[first:]]
    indent = re.match(r"[ \t]*", body[0]).group(0)
    if indent:  # IPython's leading_indent
        body = [line[len(indent) :] if line.startswith(indent) else line for line in body]
    if body[0].startswith("%%") and not re.match(r"%%\w+\?", body[0]):
        python = _cell_magic(body, transform)
    else:
        try:
            python = "".join((transform or default_transform())(body)).split("\n")[:-1]
        except Exception:  # IPython fails on this cell too (an IndentationError while tokenizing)
            python = []
        if len(python) != len(body):  # the cell as it is: the parser reports what is wrong with it
            python = [line.rstrip("\n") for line in body]
    return [""] * first + python, len(indent)


def _needs_transform(text: str, first_line: str) -> bool:
    if not _CANDIDATE.search(text) and first_line[:1] not in (" ", "\t"):
        return False
    if _IN_PROMPT.match(first_line):
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError):
        return True  # IPython syntax, or a real error that the transform leaves for the parser to report
    return False  # valid Python: IPython's transforms leave it as it is


def _cell_magic(body: list[str], transform: Transform | None) -> list[str]:
    """IPython's `cell_magic` hands the cell to the magic; a Python-running magic transforms its body again."""
    name = body[0][2:].rstrip().partition(" ")[0]
    if name not in PYTHON_CELL_MAGICS:
        return [""] * len(body)
    inner, _ = python_cell([line.rstrip("\n") for line in body[1:]], transform)
    return ["", *inner]


# ---- IPython's transformer, kept line for line ---------------------------------------------

_manager = None


def default_transform() -> Transform:
    """IPython's token transforms when IPython is importable, else `fallback_transform`."""
    global _manager
    if _manager is None:
        try:
            from IPython.core.inputtransformer2 import TransformerManager

            manager = TransformerManager()
            manager.token_transformers = [_keeping_lines(t) for t in manager.token_transformers]
            _manager = manager
        except Exception:  # no IPython (or one we cannot use): the port below
            _manager = False
    return ipython_transform if _manager else fallback_transform


def ipython_transform(body: list[str]) -> list[str]:
    """IPython's `transform_cell` on a cleaned-up cell: the cleanup is then a no-op, and each token
    transform pads the lines it joined (`_keeping_lines`)."""
    default_transform()
    if not _manager:
        raise ImportError("IPython is not importable")
    return [_manager.transform_cell("".join(body))]


def _keeping_lines(transformer: type) -> type:
    """An IPython token transformer that leaves blank lines where it joined a continued command.

    Each of IPython's token transformers replaces lines ``start_line`` to the
    end of the command (a backslash continuation, a multi-line help target)
    with one line at ``start_line`` (IPython's documented TokenTransformBase).
    """

    class KeepingLines(transformer):
        def transform(self, lines):
            out = super().transform(lines)
            at = self.start_line + 1
            return out[:at] + ["\n"] * (len(lines) - len(out)) + out[at:]

    KeepingLines.__name__ = transformer.__name__
    return KeepingLines


# ---- the fallback: IPython 8's inputtransformer2, ported, line for line ----------------------


def fallback_transform(body: list[str]) -> list[str]:
    """IPython's prompt stripping and token transforms without IPython (same output, blank lines kept)."""
    lines = _strip_prompts(list(body))
    for _ in range(500):  # IPython's TRANSFORM_LOOP_LIMIT
        found = sorted(_find_all(_tokens_by_line(lines)), key=lambda f: f[:3])  # IPython's sortby()
        for start_line, _, _, make in found:
            try:
                new_line, end_line = make(lines)
            except SyntaxError:
                continue  # IPython tries the next candidate
            lines = lines[:start_line] + [new_line] + ["\n"] * (end_line - start_line) + lines[end_line + 1 :]
            break
        else:
            return lines
    return lines


_CLASSIC = (re.compile(r"^(>>>|\.\.\.)( |$)"), re.compile(r"^>>>( |$)"))
_IPYTHON_PROMPT = re.compile(r"^(((\[nav\]|\[ins\])?\ )?In\ \[\d+\]:\ |\s*\.{3,}:\ ?)")


def _strip_prompts(lines: list[str]) -> list[str]:
    for prompt, initial in (_CLASSIC, (_IPYTHON_PROMPT, _IPYTHON_PROMPT)):
        if initial.match(lines[0]) or (len(lines) > 1 and prompt.match(lines[1])):
            lines = [prompt.sub("", line, count=1) for line in lines]
    return lines


_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")


def _tokens_by_line(lines: list[str]) -> list[list[tokenize.TokenInfo]]:
    """Tokens grouped by logical line, a bracketed expression or a multi-line string as one."""
    groups: list[list[tokenize.TokenInfo]] = [[]]
    depth = 0
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            groups[-1].append(token)
            if token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth <= 0):
                groups.append([])
            elif token.string in _OPENING:
                depth += 1
            elif token.string in _CLOSING and depth > 0:
                depth -= 1
    except tokenize.TokenError:
        pass  # the input ends inside a string or brackets: what came before is enough
    return [group for group in groups if group]


def _continued_end(lines: list[str], start: int) -> int:
    end = start
    while lines[end].endswith("\\\n"):
        end += 1
        if end >= len(lines):
            return end - 1
    return end


def _joined(lines: list[str], line: int, col: int, end: int) -> str:
    parts = [lines[line][col:]] + lines[line + 1 : end + 1]
    return " ".join([p.rstrip()[:-1] for p in parts[:-1]] + [parts[-1].rstrip()])


def _magic_call(name: str, args: str) -> str:
    return f"get_ipython().run_line_magic({name!r}, {args!r})"


def _help_call(target: str, escape: str) -> str:
    if not target:
        return "get_ipython().show_usage()"
    method = "pinfo2" if escape == "??" else "psearch" if "*" in target else "pinfo"
    return _magic_call(method, target)


def _escaped(escape: str, content: str) -> str:
    name, _, args = content.partition(" ")
    return {
        "!": lambda: f"get_ipython().system({content!r})",
        "!!": lambda: f"get_ipython().getoutput({content!r})",
        "?": lambda: _help_call(content, "?"),
        "??": lambda: _help_call(content, "??"),
        "%": lambda: _magic_call(name, args),
        ",": lambda: '{}("{}")'.format(name, '", "'.join(args.split())),
        ";": lambda: f'{name}("{args}")',
        "/": lambda: "{}({})".format(name, ", ".join(args.split())),
    }[escape]()


def _assign_index(group) -> int | None:
    depth = 0
    for i, token in enumerate(group):
        if token.string == "=" and depth == 0:
            return i
        if token.string in _OPENING:
            depth += 1
        elif token.string in _CLOSING and depth > 0:
            depth -= 1
    return None


def _find_all(groups):
    """Each kind's first candidate: (line, col, priority, make), make(lines) -> (new line, last line replaced)."""
    for finder in (_magic_assign, _system_assign, _escaped_command, _help_end):
        for group in groups:
            found = finder(group)
            if found is not None:
                yield found
                break


def _assignment(line: int, col: int, escape: str, call):
    def make(lines):
        end = _continued_end(lines, line)
        rhs = _joined(lines, line, col, end)
        return lines[line][:col] + call(rhs[len(escape) :]) + "\n", end

    return line, col, 10, make


def _magic_assign(group):
    i = _assign_index(group)
    if i is not None and len(group) > i + 2 and group[i + 1].string == "%" and group[i + 2].type == tokenize.NAME:
        line, col = group[i + 1].start
        return _assignment(line - 1, col, "%", lambda rhs: _magic_call(*rhs.partition(" ")[::2]))
    return None


def _system_assign(group):
    i = _assign_index(group)
    if i is None or group[i].line.strip().startswith("=") or len(group) < i + 2:
        return None
    for token in group[i + 1 :]:
        if token.type != tokenize.ERRORTOKEN:
            return None
        if token.string == "!":
            line, col = token.start
            return _assignment(line - 1, col, "!", lambda rhs: f"get_ipython().getoutput({rhs!r})")
        if not token.string.isspace():
            return None
    return None


def _first(group):
    return next((t for t in group if t.type not in (tokenize.INDENT, tokenize.DEDENT)), None)


def _escaped_command(group):
    token = _first(group)
    if token is None or token.string not in ("!", "?", "%", ",", ";", "/"):
        return None
    line, col = token.start[0] - 1, token.start[1]

    def make(lines):
        end = _continued_end(lines, line)
        text = _joined(lines, line, col, end)
        escape = text[:2] if text[:2] in ("!!", "??") else text[:1]
        return lines[line][:col] + _escaped(escape, text[len(escape) :]) + "\n", end

    return line, col, 10, make


_HELP_END = re.compile(r"(%{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])*)(\?\??)$")


def _help_end(group):
    if len(group) <= 2 or group[-2].string != "?":
        return None
    token = _first(group)
    line, col, q_line = token.start[0] - 1, token.start[1], group[-2].start[0] - 1

    def make(lines):
        piece = "".join(lines[line : q_line + 1])
        match = _HELP_END.search(piece[col:])
        if not match:
            raise SyntaxError(piece)
        return piece[:col] + _help_call(match.group(1), match.group(3)) + "\n", q_line

    return line, col, 5, make
