"""Finding the files to lint: directories walked recursively, with gitignore-style excludes.

Exclude patterns (the `exclude` setting, `--exclude`, and the `.gitignore`
files met on the way) follow a subset of gitignore:

- a pattern without `/` matches a file or directory name at any depth
  (`*.ipynb`, `scratch_*`, `build`);
- a pattern with a `/` matches the path relative to its base (the directory of
  the `.gitignore`, or of `pyproject.toml` for `exclude`, or the current
  directory for `--exclude`); a leading `/` only anchors it; `**/` at the start
  matches any depth;
- a trailing `/` matches directories only;
- `*`, `?` and `[...]` as in `fnmatch` (where `*` may also cross `/`);
- `!negation` is not supported (such lines are ignored), nor are `.gitignore`
  files above the directories named on the command line.

An excluded directory is not entered. Files named explicitly on the command
line are always linted. Directory symlinks are followed once: a directory
already visited (same device and inode) is skipped, so symlink loops end.
"""

from __future__ import annotations

import os
import stat
from fnmatch import fnmatchcase

from ..records import Frozen

DEFAULT_EXCLUDES = (".git", ".venv", "__pycache__", ".ipynb_checkpoints", "build", "dist")
EXTENSIONS = (".py", ".ipynb")


class Pattern(Frozen):
    __slots__ = ("glob", "base", "anchored", "dir_only")  # base: the absolute directory it is relative to

    def __init__(self, glob: str, base: str, anchored: bool, dir_only: bool):
        self._set(glob=glob, base=base, anchored=anchored, dir_only=dir_only)

    @classmethod
    def parse(cls, line: str, base: str) -> Pattern | None:
        text = line.strip()
        if not text or text.startswith("#") or text.startswith("!"):
            return None
        dir_only = text.endswith("/")
        text = text.rstrip("/")
        if text.startswith("**/"):
            text, anchored = text[3:], "/" in text[3:]
        else:
            anchored = "/" in text
        return cls(text.lstrip("/"), base, anchored, dir_only)

    def matches(self, path: str, name: str, is_dir: bool) -> bool:
        if self.dir_only and not is_dir:
            return False
        if not self.anchored:
            return fnmatchcase(name, self.glob)
        relative = os.path.relpath(path, self.base).replace(os.sep, "/")
        return not relative.startswith("../") and fnmatchcase(relative, self.glob)


def patterns(lines, base: str | os.PathLike) -> list[Pattern]:
    base = os.path.abspath(base)
    return [p for p in (Pattern.parse(line, base) for line in lines) if p is not None]


def _gitignore(directory: str) -> list[Pattern]:
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            return patterns(handle.read().splitlines(), directory)
    except OSError:
        return []


def _excluded(rules: list[Pattern], path: str, name: str, is_dir: bool) -> bool:
    return any(rule.matches(path, name, is_dir) for rule in rules)


def discover(paths: list[str], excludes: list[Pattern], use_gitignore: bool = True):
    """Yield ("file", display path) for each file to lint, ("error", message) for each unusable path."""
    for given in paths:
        if os.path.isfile(given):
            yield "file", given
        elif os.path.isdir(given):
            yield from _walk(given, excludes, use_gitignore)
        elif os.path.lexists(given):
            yield "error", f"{given}: not a regular file or directory ({_kind_of(given)})"
        else:
            yield "error", f"{given}: no such file or directory"


def _kind_of(path: str) -> str:
    """What a path that is neither a regular file nor a directory is, in words."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "a broken symlink" if os.path.islink(path) else "it cannot be looked at"
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device")):
        if test(mode):
            return name
    return "a device" if stat.S_ISBLK(mode) else "an unknown kind of file"


def _walk(top: str, excludes: list[Pattern], use_gitignore: bool):
    seen: set[tuple[int, int]] = set()
    stack = [(top, excludes)]
    while stack:
        directory, rules = stack.pop()
        try:
            info = os.stat(directory)
        except OSError as error:
            yield "error", f"{directory}: {error.strerror or error}"
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # a symlink back into the tree: visited already
        seen.add((info.st_dev, info.st_ino))
        if use_gitignore:
            rules = rules + _gitignore(directory)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            yield "error", f"{directory}: cannot list: {error.strerror or error}"
            continue
        subdirectories = []
        for entry in entries:
            path = os.path.join(directory, entry.name)
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            absolute = os.path.abspath(path)
            if _excluded(rules, absolute, entry.name, is_dir):
                continue
            if is_dir:
                subdirectories.append((path, rules))
            elif is_file and entry.name.endswith(EXTENSIONS):
                yield "file", path
        stack.extend(reversed(subdirectories))


def default_excludes() -> list[Pattern]:
    return patterns(DEFAULT_EXCLUDES, os.getcwd())
