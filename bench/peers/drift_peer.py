#!/usr/bin/python3
"""SciPy side of bench/drift.bench.ts: times SciPy on the data the bench wrote.

    /usr/bin/python3 bench/peers/drift_peer.py DIR ROWS COLUMNS REPEATS
    /usr/bin/python3 bench/peers/drift_peer.py DIR ROWS COLUMNS --serve

With --serve it loads the data, prints "ready", then answers each line on stdin (ks, chi2, wasserstein or
drift) with one JSON line holding one timed run, so the bench can alternate SciPy and mlpilot runs and both
see the same machine load.

DIR holds little-endian float64 files written by the bench (the JS side generates the data, seeded, and hands
the bytes over): ks_a.f64, ks_b.f64 (ROWS each), ref.f64 and cur.f64 (COLUMNS x ROWS, column after column) and
table.json (the 50 x 2 table of counts). Each timing is the median of REPEATS runs (time.perf_counter); the
drift loop is ../shared/peers/engine_anchors.py's drift_report: per column ks_2samp + PSI over 10 quantile bins
of the reference. Prints one JSON object.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy import stats


def timed(fn, repeats):
    runs, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return float(np.median(runs)), runs, out


def psi(ref, cur, bins=10, floor=1e-6):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    pr = np.bincount(np.searchsorted(edges, ref, side="right"),
                     minlength=bins) / len(ref)
    pc = np.bincount(np.searchsorted(edges, cur, side="right"),
                     minlength=bins) / len(cur)
    pr, pc = np.maximum(pr, floor), np.maximum(pc, floor)
    return float(np.sum((pc - pr) * np.log(pc / pr)))


def drift_report(ref, cur):
    out = []
    for r, k in zip(ref, cur):
        ks = stats.ks_2samp(r, k)
        out.append({"ks": float(ks.statistic), "ks_p": float(ks.pvalue),
                    "psi": psi(r, k)})
    return out


def ops(a, b, ref, cur, table):
    """name -> (function, repeat count inside one timing, result to JSON)."""
    def chi_batch():
        for _ in range(100):
            out = stats.chi2_contingency(table)
        return out
    return {
        "ks": (lambda: stats.ks_2samp(a, b), 1,
               lambda r: {"statistic": float(r.statistic), "pValue": float(r.pvalue)}),
        "chi2": (chi_batch, 100,
                 lambda r: {"statistic": float(r[0]), "pValue": float(r[1])}),
        "wasserstein": (lambda: stats.wasserstein_distance(a, b), 1,
                        lambda r: {"distance": float(r)}),
        "drift": (lambda: drift_report(ref, cur), 1, lambda r: {"values": r}),
    }


def main():
    d, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    a = np.fromfile(os.path.join(d, "ks_a.f64"), dtype="<f8")
    b = np.fromfile(os.path.join(d, "ks_b.f64"), dtype="<f8")
    ref = np.fromfile(os.path.join(d, "ref.f64"), dtype="<f8").reshape(cols, rows)
    cur = np.fromfile(os.path.join(d, "cur.f64"), dtype="<f8").reshape(cols, rows)
    with open(os.path.join(d, "table.json"), encoding="utf-8") as fh:
        table = np.array(json.load(fh), dtype=float)
    if sys.argv[4] == "--serve":
        table_ops = ops(a, b, ref, cur, table)
        print(json.dumps({"ready": True, "scipy": scipy.__version__}), flush=True)
        for line in sys.stdin:
            fn, calls, to_json = table_ops[line.strip()]
            t0 = time.perf_counter()
            out = fn()
            sec = (time.perf_counter() - t0) / calls
            print(json.dumps(dict(to_json(out), s=sec)), flush=True)
        return 0
    repeats = int(sys.argv[4])
    res = {"scipy": scipy.__version__, "numpy": np.__version__}
    med, runs, ks = timed(lambda: stats.ks_2samp(a, b), repeats)
    res["ks"] = {"s": med, "runs": runs, "statistic": float(ks.statistic), "pValue": float(ks.pvalue)}

    def chi_batch():
        for _ in range(100):
            out = stats.chi2_contingency(table)
        return out
    med, runs, chi = timed(chi_batch, repeats)
    res["chi2"] = {"sPerCall": med / 100, "runs": runs, "statistic": float(chi[0]), "pValue": float(chi[1])}
    med, runs, w = timed(lambda: stats.wasserstein_distance(a, b), repeats)
    res["wasserstein"] = {"s": med, "runs": runs, "distance": float(w)}
    med, runs, rep = timed(lambda: drift_report(ref, cur), repeats)
    res["drift"] = {"s": med, "runs": runs, "values": rep}
    print(json.dumps(res))


if __name__ == "__main__":
    sys.exit(main())
