"""Showing reports: terminal text (rich), HTML for notebooks; JSON is Report.to_dict()."""
