"""One render protocol for every result object: terminal text, rich, Jupyter HTML, IPython's pretty printer.

A result class defines `_renderable()` (a rich renderable) and says at what
width it is drawn and under which CSS class its HTML sits; `Rendered` gives it
``__str__``, ``__rich__``, ``_repr_html_`` and ``_repr_pretty_`` from that one
method, so the text, the terminal and the notebook always show the same thing.
Nothing here imports rich until something is rendered: `Report` uses it, and
importing kerasdoctor must not import rich.
"""

from __future__ import annotations


class Rendered:
    _width = 100  # columns of __str__ and of the HTML
    _crop = True  # False: lines that may not wrap (code to paste) stay whole in __str__
    _css_class = "kerasdoctor"  # the <div> around the HTML

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # IPython's pretty printer walks the MRO and stops at the first class with _repr_pretty_
        # or __repr__ in its own __dict__, so a dataclass's generated __repr__ would hide an
        # inherited _repr_pretty_: each result class gets its own.
        if "_repr_pretty_" not in vars(cls):
            cls._repr_pretty_ = Rendered._repr_pretty_

    def _renderable(self):
        """The rich renderable that shows this object."""
        raise NotImplementedError

    def __str__(self) -> str:
        from .console import to_text

        return to_text(self._renderable(), self._width, crop=self._crop)

    def __rich__(self):
        return self._renderable()

    def _repr_html_(self) -> str:
        from .console import to_html

        return to_html(self._renderable(), self._css_class, self._width, crop=self._crop)

    def _repr_pretty_(self, p, cycle: bool) -> None:
        """IPython's text repr (a terminal IPython, a notebook's text/plain): the same text as ``str()``."""
        p.text(f"{type(self).__name__}(...)" if cycle else str(self))
