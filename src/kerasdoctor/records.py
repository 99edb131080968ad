"""Plain-data classes without `dataclasses`, for the classes `kerasdoctor lint` loads.

`dataclasses` imports `inspect` (with `dis`, `opcode`, ...): some 230 KB of
bytecode to load, most of the difference between the start of `kerasdoctor
lint one_file.py` and pyflakes', in a command editors and pre-commit start
once per file (bench/lint_speed.py). A record lists its
fields in ``__slots__`` and writes its own ``__init__``; `Record` gives it
equality and a repr from them, `Frozen` also makes it read-only and hashable
(pickling and `replace` still work).
"""

from __future__ import annotations


class Record:
    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    __hash__ = None  # mutable: unhashable, as a dataclass with eq=True

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


def _rebuild(cls, values: tuple):
    record = object.__new__(cls)
    record._set(**dict(zip(cls.__slots__, values)))
    return record


class Frozen(Record):
    __slots__ = ()

    def _set(self, **values) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: use .replace({name}=...)")

    __delattr__ = __setattr__

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self):
        return _rebuild, (type(self), self._values())

    def replace(self, **changes):
        """A copy with some fields changed (`dataclasses.replace`)."""
        return _rebuild(type(self), tuple(changes.pop(n, v) for n, v in zip(self.__slots__, self._values())))
