#!/usr/bin/python3
"""Golden values for src/monitor/stats from SciPy (the reference for every drift statistic).

    /usr/bin/python3 scripts/monitor-fixtures/scipy_stats.py [OUT_JSON]

Writes test/fixtures/monitor/scipy-stats.json (default): seeded samples (numpy default_rng, rounded to few
decimals so ties occur) stored by name, and per case the inputs and SciPy's outputs. Made with Debian's
python3-scipy 1.10.1 / numpy 1.24; the versions are recorded in the file. Regenerate after changing a case;
test/unit/monitor/stats/*.test.ts compare mlpilot's results with these at 1e-9 relative.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance
from scipy.stats._hypotests import _cdf_cvm_inf

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "monitor",
                           "scipy-stats.json")

rng = np.random.default_rng(20261207)
samples = {}


def sample(name, values, decimals):
    arr = np.round(np.asarray(values, dtype=np.float64), decimals)
    samples[name] = arr.tolist()
    return arr


def f(x):
    """A JSON number; NaN/inf are not expected in the fixture."""
    x = float(x)
    assert np.isfinite(x), x
    return x


# ---- samples ---------------------------------------------------------------
S = {}
S["one_a"] = sample("one_a", [0.5], 2)
S["one_b"] = sample("one_b", [1.5], 2)
S["two_b"] = sample("two_b", [0.5, 2.0], 2)
S["three_a"] = sample("three_a", [1.0, 2.0, 2.0], 2)
S["three_b"] = sample("three_b", [2.0, 3.0, 4.0], 2)
S["ties_a"] = sample("ties_a", rng.integers(0, 5, 12), 0)
S["ties_b"] = sample("ties_b", rng.integers(1, 7, 9), 0)
S["n50"] = sample("n50", rng.normal(0, 1, 50), 1)
S["n70"] = sample("n70", rng.normal(0.3, 1, 70), 1)
S["n100a"] = sample("n100a", rng.normal(0, 1, 100), 2)
S["n100b"] = sample("n100b", rng.normal(0.2, 1.2, 100), 2)
S["n37"] = sample("n37", rng.exponential(1, 37), 2)
S["n1000"] = sample("n1000", rng.exponential(1.3, 1000), 2)
S["n5"] = sample("n5", rng.normal(0, 1, 5), 2)
S["n20"] = sample("n20", rng.normal(0.5, 1, 20), 2)
S["n21"] = sample("n21", rng.normal(0.1, 1, 21), 2)
S["n200"] = sample("n200", rng.normal(0, 1, 200), 2)
S["n300"] = sample("n300", rng.normal(0.15, 1, 300), 2)
S["n40"] = sample("n40", rng.normal(0, 1, 40), 2)
S["n60"] = sample("n60", rng.normal(0.4, 1, 60), 2)
S["n3000a"] = sample("n3000a", rng.normal(0, 1, 3000), 2)
S["n3000b"] = sample("n3000b", rng.normal(1.0, 1, 3000), 2)
S["n5000"] = sample("n5000", rng.normal(0, 1, 5000), 2)
S["n7000"] = sample("n7000", rng.normal(0.03, 1, 7000), 2)
S["n20000"] = sample("n20000", rng.normal(0, 1, 20000), 2)
S["n30000"] = sample("n30000", rng.normal(0.02, 1, 30000), 2)
S["u7"] = sample("u7", rng.uniform(0, 1, 7), 1)
S["u5"] = sample("u5", rng.uniform(0, 1, 5), 1)
S["n2a"] = sample("n2a", [0.1, 0.7], 2)
S["n2b"] = sample("n2b", [0.3, 0.9], 2)
S["n150"] = sample("n150", rng.normal(0.2, 1, 150), 2)
S["n2000"] = sample("n2000", rng.normal(0, 1, 2000), 2)
S["far"] = sample("far", rng.normal(8, 1, 40), 2)
S["psi_ref"] = sample("psi_ref", rng.normal(0, 1, 4000), 3)
S["psi_cur"] = sample("psi_cur", rng.normal(0.3, 1.2, 3000), 3)
S["psi_tiny"] = sample("psi_tiny", [1.0, 1.0, 2.0, 5.0], 2)

# ---- KS --------------------------------------------------------------------
ks_cases = [
    ("one_a", "one_b", "auto"), ("one_a", "two_b", "auto"),
    ("two_b", "three_a", "auto"), ("three_a", "three_b", "auto"),
    ("ties_a", "ties_b", "auto"), ("n50", "n70", "auto"),
    ("n100a", "n100b", "auto"), ("n37", "n1000", "auto"),
    ("n200", "n300", "exact"), ("n40", "n60", "asymp"),
    ("n5", "n20000", "auto"), ("n20", "n30000", "auto"),
    ("n3000a", "n3000b", "auto"), ("n5000", "n7000", "auto"),
    ("n20000", "n30000", "auto"), ("n100a", "n100a", "auto"),
    ("n50", "n70", "asymp"), ("ties_a", "ties_b", "asymp"),
    ("n1000", "n2000", "asymp"), ("n150", "n200", "auto"),
]
ks = []
for a, b, mode in ks_cases:
    r = stats.ks_2samp(S[a], S[b], method=mode)
    n1, n2 = len(S[a]), len(S[b])
    used = mode if mode != "auto" else ("exact" if max(n1, n2) <= 10000
                                        else "asymp")
    ks.append({"a": a, "b": b, "mode": mode, "usedMode": used,
               "statistic": f(r.statistic), "pValue": f(r.pvalue)})

# ---- chi-squared homogeneity -------------------------------------------------
tables = [
    ([10, 20], [15, 12]),
    ([3, 0], [0, 4]),
    ([5, 9, 14, 3, 0], [7, 6, 20, 1, 0]),
    ([120, 340, 55, 0, 18], [90, 410, 70, 0, 40]),
    ([1000, 2000, 3000], [1500, 1500, 3000]),
    ([100000, 5], [90000, 400]),
    (rng.integers(50, 500, 50).tolist(), rng.integers(50, 500, 50).tolist()),
    ([1, 1], [1, 1]),
    ([0.5, 2.5, 7], [1.5, 3, 2]),
]
chi = []
for ref, cur in tables:
    keep = [j for j in range(len(ref)) if ref[j] > 0 or cur[j] > 0]
    obs = np.array([[ref[j] for j in keep], [cur[j] for j in keep]],
                   dtype=float)
    r = stats.chi2_contingency(obs)
    chi.append({"reference": ref, "current": cur, "statistic": f(r[0]),
                "pValue": f(r[1]), "dof": int(r[2])})
chi.append({"reference": [5, 0], "current": [3, 0], "statistic": 0.0,
            "pValue": 1.0, "dof": 0, "note": "one category left: defined"})

# ---- z test for proportions (Evidently's formula, p from norm.sf) -------------
ztests = []
for s1, n1, s2, n2 in [(30, 100, 45, 100), (5, 20, 5, 40), (900, 1000, 850, 1000),
                       (1, 3, 2, 3), (0, 50, 10, 50), (5000, 100000, 5600, 100000),
                       (10, 10000, 200, 10000)]:
    p1, p2 = s1 / n1, s2 / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    ztests.append({"refSuccesses": s1, "refN": n1, "curSuccesses": s2,
                   "curN": n2, "statistic": f(z),
                   "pValue": f(2 * stats.norm.sf(abs(z)))})

# ---- Anderson-Darling k-sample ----------------------------------------------
ad = []
for names in [("ties_a", "ties_b"), ("n50", "n70"), ("n50", "n70", "n37"),
              ("one_a", "three_b"), ("n100a", "n100a"), ("n40", "far"),
              ("n200", "n300"), ("n2000", "n3000a"), ("u7", "u5", "n5"),
              ("n20", "n21")]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = stats.anderson_ksamp([S[n] for n in names])
        capped = any("p-value" in str(x.message) for x in w)
    ad.append({"samples": list(names), "statistic": f(r.statistic),
               "criticalValues": [f(c) for c in r.critical_values],
               "pValue": f(r.significance_level), "pValueCapped": capped})

# ---- Cramér-von Mises two-sample --------------------------------------------
cvm = []
for a, b, mode in [("u7", "u5", "auto"), ("n2a", "n2b", "auto"),
                   ("ties_a", "ties_b", "auto"), ("n20", "n5", "auto"),
                   ("n20", "n21", "auto"), ("n100a", "n150", "auto"),
                   ("n1000", "n2000", "auto"), ("n40", "n60", "asymptotic"),
                   ("n5", "u7", "exact"),
                   ("u7", "u5", "asymptotic"), ("n50", "n70", "auto"),
                   ("n40", "far", "auto"), ("three_a", "three_b", "auto")]:
    r = stats.cramervonmises_2samp(S[a], S[b], method=mode)
    used = mode if mode != "auto" else (
        "asymptotic" if max(len(S[a]), len(S[b])) > 20 else "exact")
    cvm.append({"a": a, "b": b, "mode": mode, "usedMode": used,
                "statistic": f(r.statistic), "pValue": f(r.pvalue)})

# ---- distances ---------------------------------------------------------------
wass = []
for a, b in [("one_a", "one_b"), ("three_a", "three_b"), ("ties_a", "ties_b"),
             ("n50", "n70"), ("n37", "n1000"), ("n20000", "n30000"),
             ("n100a", "n100a")]:
    wass.append({"a": a, "b": b,
                 "distance": f(stats.wasserstein_distance(S[a], S[b]))})

hist_pairs = [([1, 2, 3], [3, 2, 1]), ([10, 0, 5, 0], [0, 3, 5, 2]),
              ([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), ([1, 0], [0, 1]),
              ([5, 9, 14, 3, 1], [7, 6, 20, 1, 4]),
              (rng.integers(0, 100, 30).tolist(), rng.integers(0, 100, 30).tolist())]
js = []
for p, q in hist_pairs:
    js.append({"p": p, "q": q, "distance": f(distance.jensenshannon(p, q)),
               "distanceBase2": f(distance.jensenshannon(p, q, base=2))})
hell = []
for p, q in hist_pairs:
    pn = np.asarray(p, float) / np.sum(p)
    qn = np.asarray(q, float) / np.sum(q)
    hell.append({"p": p, "q": q,
                 "distance": f(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(pn * qn)))))})


# ---- PSI (../shared/peers/engine_anchors.py's definition) ------------------------
def psi_parts(ref, cur, bins=10, floor=1e-6):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    cr = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins)
    cc = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=bins)
    pr, pc = np.maximum(cr / len(ref), floor), np.maximum(cc / len(cur), floor)
    return edges, cr, cc, float(np.sum((pc - pr) * np.log(pc / pr)))


psis = []
for r_name, c_name, bins in [("psi_ref", "psi_cur", 10), ("psi_ref", "psi_ref", 10),
                             ("n50", "n70", 4), ("psi_tiny", "three_b", 10),
                             ("ties_a", "ties_b", 5), ("psi_ref", "far", 10)]:
    e, cr, cc, v = psi_parts(S[r_name], S[c_name], bins)
    psis.append({"reference": r_name, "current": c_name, "bins": bins,
                 "edges": [f(x) for x in e], "referenceCounts": cr.tolist(),
                 "currentCounts": cc.tolist(), "psi": v})

# ---- special functions ---------------------------------------------------------
sp = {}
xs = [-8, -3, -1.2, -0.5, 0, 0.3, 0.7, 1, 1.4, 1.6, 2, 2.5, 3, 4, 5, 6, 8, 10,
      15, 20, 30, 37]
sp["normSf"] = [[x, f(stats.norm.sf(x))] for x in xs]
sp["erfc"] = [[x, f(special.erfc(x))] for x in xs if special.erfc(x) > 0]
sp["gammaln"] = [[x, f(special.gammaln(x))] for x in
                 [0.1, 0.5, 1, 1.5, 2.5, 3, 7.3, 14.9, 15, 25.5, 100.5, 1e4]]
sp["chi2Sf"] = [[x, k, f(stats.chi2.sf(x, k))] for x, k in
                [(0.5, 1), (3.84, 1), (10, 3), (50, 49), (49, 49), (30, 49),
                 (100, 49), (400, 99), (0.01, 2), (1e-5, 1), (200, 150),
                 (2, 7), (60, 20), (500, 30), (1, 0.5)]]
sp["kolmogorov"] = [[y, f(special.kolmogorov(y))] for y in
                    [0.05, 0.1, 0.3, 0.5, 0.8, 0.82, 0.83, 1, 1.36, 1.5, 2, 3, 5, 6]]
sp["smirnov"] = [[n, d, f(special.smirnov(n, d))] for n, d in
                 [(1, 0.3), (5, 0.3), (10, 0.1), (10, 0.05), (100, 0.05),
                  (100, 0.2), (1000, 0.05), (5000, 0.02), (500000, 0.003),
                  (12000, 0.02), (200, 0.001), (20, 0.9), (50, 0.5)]]
sp["kstwoSf"] = [[n, d, f(stats.kstwo.sf(d, n))] for n, d in
                 [(5, 0.3), (5, 0.6), (10, 0.2), (20, 0.15), (20, 0.3),
                  (100, 0.05), (100, 0.15), (140, 0.06), (500000, 0.001),
                  (500000, 0.003), (12000, 0.005), (12000, 0.02), (200, 0.06),
                  (3, 0.2), (1000, 0.01), (120000, 0.003), (3, 0.9), (7, 0.12),
                  (140, 0.2), (141, 0.03), (5, 0.05)]]
sp["kv"] = [[nu, z, f(special.kv(nu, z))] for nu, z in
            [(0.25, 0.01), (0.25, 0.3), (0.25, 1), (0.25, 2.5), (0.25, 10),
             (0.25, 50), (0.25, 300), (0.75, 0.5), (1.25, 4), (0, 1), (0.5, 2)]]
sp["cdfCvmInf"] = [[x, f(_cdf_cvm_inf(x))] for x in
                   [0.005, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2, 2]]

out = {
    "generator": "scripts/monitor-fixtures/scipy_stats.py",
    "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
    "seed": 20261207,
    "samples": samples,
    "ks": ks, "chi2": chi, "zTest": ztests, "anderson": ad, "cvm": cvm,
    "wasserstein": wass, "jensenShannon": js, "hellinger": hell, "psi": psis,
    "special": sp,
}
path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
with open(path, "w", encoding="utf-8") as fh:
    json.dump(out, fh, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {path} ({os.path.getsize(path)} bytes)")
