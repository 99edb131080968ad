"""kerasdoctor's version, in one place: ``kerasdoctor.__version__``, the tool version in SARIF, and the
distribution's metadata (pyproject.toml reads it with ``[tool.setuptools.dynamic]``). Plain text for
setuptools, which reads the assignment without importing the package."""

__version__ = "0.1.0"
