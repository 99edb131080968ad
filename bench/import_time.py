"""`import kerasdoctor` against `import keras`, each in fresh processes (target ratio <= 0.05)."""

import statistics
import subprocess
import sys

from _common import report

PROBE = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def import_seconds(module, runs):
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module)], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    import_seconds("keras", 1)  # warm the file cache for both
    report(
        "import kerasdoctor", import_seconds("kerasdoctor", runs), import_seconds("keras", runs), "import keras", 0.05
    )
