"""The exit statuses of the `kerasdoctor` commands, defined once.

    0  OK        the command did its job; lint: no finding at or above --fail-on
    1  FINDINGS  lint: at least one finding at or above --fail-on
    1  STRICT    run --strict: a check found an error, and the script was stopped before training
    1  ERROR     run: the script raised (as ``python SCRIPT`` exits); demo: a recipe failed
    2  USAGE     a usage error (unknown option, code or application, bad [tool.kerasdoctor]) or a
                 path that could not be used; lint reports it and still lints the other paths

``kerasdoctor run`` otherwise exits with the script's own status (``sys.exit(3)`` -> 3).
"""

OK = 0
FINDINGS = 1
STRICT = 1
ERROR = 1
USAGE = 2
