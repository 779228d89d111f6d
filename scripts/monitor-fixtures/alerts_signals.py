"""Expected values for the monitor signals (test/unit/monitor/alerts/signals.test.ts), from NumPy, SciPy and
scikit-learn. Regenerate with:  /usr/bin/python3 scripts/monitor-fixtures/alerts_signals.py
It writes test/fixtures/monitor/alerts-signals.json (generated data, no licence needed)."""
import json
import os

import numpy as np
from scipy import stats
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, mean_squared_error

rng = np.random.RandomState(20261207)
latency = np.round(rng.lognormal(mean=4.0, sigma=0.6, size=257), 3)
errors = (rng.uniform(size=300) < 0.07).astype(int)
labels = rng.randint(0, 3, size=180)
predictions = np.where(rng.uniform(size=180) < 0.8, labels, rng.randint(0, 3, size=180))
binary_labels = rng.randint(0, 2, size=120)
binary_predictions = np.where(rng.uniform(size=120) < 0.75, binary_labels, 1 - binary_labels)
y_true = np.round(rng.normal(10, 3, size=150), 4)
y_pred = np.round(y_true + rng.normal(0, 1.2, size=150), 4)
reference = np.round(rng.normal(0, 1, size=400), 5)
current = np.round(rng.normal(0.4, 1.3, size=300), 5)


def psi(ref, cur, bins=10, floor=1e-6):
    edges = np.quantile(ref, [k / bins for k in range(1, bins)])
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=bins) / len(cur)
    r = np.maximum(r, floor)
    c = np.maximum(c, floor)
    return float(np.sum((c - r) * np.log(c / r)))


def shares(ref, cur, bins=10):
    edges = np.quantile(ref, [k / bins for k in range(1, bins)])
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=bins) / len(cur)
    return r, c


r, c = shares(reference, current)
out = {
    "latency": latency.tolist(),
    "latencyStats": {
        "mean": float(np.mean(latency)),
        "p50": float(np.percentile(latency, 50)),
        "p95": float(np.percentile(latency, 95)),
        "p99": float(np.percentile(latency, 99)),
        "max": float(np.max(latency)),
    },
    "errors": errors.tolist(),
    "errorRate": float(errors.mean()),
    "labels": labels.tolist(),
    "predictions": predictions.tolist(),
    "accuracy": float(accuracy_score(labels, predictions)),
    "binaryLabels": binary_labels.tolist(),
    "binaryPredictions": binary_predictions.tolist(),
    "f1": float(f1_score(binary_labels, binary_predictions)),
    "yTrue": y_true.tolist(),
    "yPred": y_pred.tolist(),
    "mae": float(mean_absolute_error(y_true, y_pred)),
    "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
    "reference": reference.tolist(),
    "current": current.tolist(),
    "psi": psi(reference, current),
    "ksPValue": float(stats.ks_2samp(reference, current).pvalue),
    "wasserstein": float(stats.wasserstein_distance(reference, current)),
    "hellinger": float(np.sqrt(0.5 * np.sum((np.sqrt(r) - np.sqrt(c)) ** 2))),
    "versions": {"numpy": np.__version__, "scipy": __import__("scipy").__version__, "sklearn": __import__("sklearn").__version__},
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "monitor", "alerts-signals.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
