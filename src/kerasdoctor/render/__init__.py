"""Showing reports: one render protocol for every result object (protocol: str, rich, HTML, IPython
pretty), terminal text (rich), HTML for notebooks, ruff-like text (concise), SARIF, GitHub Actions
annotations, JSON (one serialiser for every document), and showing a report as it happens (show)."""
