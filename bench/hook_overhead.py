"""Cost of the installed hooks per `fit()` call, against a one-step `fit()` on a small model (target <= 0.05).

Side by side in one process, hooks installed, data without problems: the
same one-step fit() through the hook (`model.fit`) and straight to Keras'
own method (`keras.Model.fit.__wrapped__`), alternated so drift hits both.
The difference is noisy at this size, so the hook's own work (binding the
arguments, the checks, the dedupe) is also timed alone over many calls.
"""

import inspect
import statistics
import sys
import time

import numpy as np  # noqa: E402
from _common import report
from tensorflow import keras  # noqa: E402

import kerasdoctor as kd  # noqa: E402
from kerasdoctor import hooks  # noqa: E402


def one_step(fit, model, x, y):
    start = time.perf_counter()
    fit(model, x, y, batch_size=len(x), epochs=1, verbose=0)
    return time.perf_counter() - start


if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rng = np.random.default_rng(0)
    x, y = rng.uniform(size=(32, 20)).astype("float32"), rng.uniform(size=(32,)).astype("float32")
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")

    session = kd.install(on_fail="return")
    hooked, plain = keras.Model.fit, keras.Model.fit.__wrapped__
    for _ in range(3):  # warm up: tracing, the checks' lazy imports
        one_step(hooked, model, x, y), one_step(plain, model, x, y)
    through_hook, straight = [], []
    for _ in range(repeat):
        through_hook.append(one_step(hooked, model, x, y))
        straight.append(one_step(plain, model, x, y))
    assert session.report.findings == [], session.report
    baseline = statistics.median(straight)
    print(
        f"one-step fit(): median {statistics.median(through_hook) * 1000:.2f} ms through the hook, "
        f"{baseline * 1000:.2f} ms without ({repeat} calls each, alternated)"
    )
    report(
        "one-step fit() through the hook, minus without",
        max(statistics.median(through_hook) - baseline, 0.0),
        baseline,
        "one-step fit()",
        0.05,
    )

    fit_hook = next(h for h in hooks.HOOKS if h.method == "fit")
    signature = inspect.signature(plain)
    work = []
    for _ in range(repeat * 10):
        start = time.perf_counter()
        hooks.wrapping._before(session, fit_hook, signature.bind(model, x, y, batch_size=len(x), epochs=1, verbose=0))
        work.append(time.perf_counter() - start)
    print(
        f"the hook's own work: median {statistics.median(work) * 1e6:.0f} us over {len(work)} calls "
        f"-> ratio {statistics.median(work) / baseline:.5f} of a one-step fit()"
    )
    report("the hook's own work per fit() call", statistics.median(work), baseline, "one-step fit()", 0.05)
    kd.uninstall()
