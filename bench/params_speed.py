"""`kd.params(EfficientNetB7)` against `model.summary()` for the same model (targets: built <= 1, rendered <= 0.3).

Both sides run in this process on the same built model: the report built
without printing, then the report built and rendered to text, each against
`model.summary(print_fn=<no-op>)` (which still lays out its table).
"""

import sys
import time

from _common import median_seconds, report
from tensorflow import keras  # noqa: E402

import kerasdoctor as kd  # noqa: E402

if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    model = keras.applications.EfficientNetB7(weights=None)
    start = time.perf_counter()
    rep = kd.params(model)
    print(
        f"first kd.params call (imports included): {(time.perf_counter() - start) * 1000:.1f} ms; "
        f"{len(model.layers)} layers, {rep.total:,} params"
    )
    baseline = median_seconds(lambda: model.summary(print_fn=lambda *a, **k: None), repeat)
    ours = median_seconds(lambda: kd.params(model), repeat)
    report("kd.params(EfficientNetB7)", ours, baseline, "model.summary()", 1.0)
    rendered = median_seconds(lambda: str(kd.params(model)), repeat)
    report("str(kd.params(EfficientNetB7)) (rendered to text)", rendered, baseline, "model.summary()", 0.3)
