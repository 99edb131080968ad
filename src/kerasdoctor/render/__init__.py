"""Showing reports: terminal text (rich), HTML for notebooks, ruff-like text (concise), SARIF,
GitHub Actions annotations; JSON is Report.to_dict()."""
