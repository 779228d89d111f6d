#!/usr/bin/python3
"""The numpy / pandas side of `npm run bench -- profile`: the same per-column statistics as mlpilot's profile.

    /usr/bin/python3 profile_peer.py DATA.f64 ROWS COLS OUT.json [--repeats 3]

DATA.f64 holds COLS columns of ROWS little-endian float64 values each, column after column (NaN = missing),
written by bench/profile.bench.ts. Per column, timed as one loop over the columns:
  numpy   count and missing, np.nanmean, np.nanvar(ddof=1), np.nanmin, np.nanmax, np.nanquantile at
          1/5/25/50/75/95/99 % (exact, linear interpolation), np.histogram of the finite values on 10 bins
          between their min and max.
  pandas  DataFrame.describe() (count, mean, std, min, 25/50/75 %, max: exact, per column).
One thread (numpy's reductions and sorts are single-threaded; OMP/OpenBLAS threads are pinned to 1 anyway).
OUT.json gets, per peer, the wall and CPU seconds of each repeat.
"""
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

QS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]


def numpy_profile(columns):
    out = []
    for x in columns:
        missing = int(np.isnan(x).sum())
        finite = x[np.isfinite(x)]
        stats = {
            "count": x.size - missing,
            "mean": float(np.nanmean(x)),
            "var": float(np.nanvar(x, ddof=1)),
            "min": float(np.nanmin(x)),
            "max": float(np.nanmax(x)),
            "quantiles": np.nanquantile(x, QS).tolist(),
            "histogram": np.histogram(finite, bins=10)[0].tolist(),
        }
        out.append(stats)
    return out


def pandas_profile(frame):
    return frame.describe()


def main():
    path, rows, cols, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    data = np.fromfile(path, dtype="<f8").reshape(cols, rows)
    columns = [data[i] for i in range(cols)]
    frame = pd.DataFrame({f"c{i}": columns[i] for i in range(cols)})
    result = {}
    for name, fn in (("numpy", lambda: numpy_profile(columns)), ("pandas", lambda: pandas_profile(frame))):
        wall, cpu = [], []
        for _ in range(repeats):
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        result[name] = {"wall": wall, "cpu": cpu}
    sample = numpy_profile(columns[:1])[0]
    result["check"] = {"mean": sample["mean"], "p50": sample["quantiles"][3], "count": sample["count"]}
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
