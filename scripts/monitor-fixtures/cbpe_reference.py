"""Reference values for test/unit/monitor/performance: CBPE's expected confusion matrix, Wilson intervals, DeLong.

An independent re-implementation with numpy / scipy / scikit-learn, written from the definitions (not from the
TypeScript). Regenerate the fixture with:

    /usr/bin/python3 scripts/monitor-fixtures/cbpe_reference.py > test/fixtures/monitor/performance/reference.json

Licence of the generated data: it is synthetic (numpy seed below), MIT like the repository.
"""
import json

import numpy as np
from scipy.stats import norm
from sklearn.metrics import roc_auc_score


def expected_confusion(score, p, pred_pos):
    """Expected TP, FP, FN, TN counts when row i is positive with probability p[i] and predicted positive where pred_pos."""
    tp = float(np.sum(p[pred_pos]))
    fp = float(np.sum(1 - p[pred_pos]))
    fn = float(np.sum(p[~pred_pos]))
    tn = float(np.sum(1 - p[~pred_pos]))
    return tp, fp, fn, tn


def expected_auc(score, p):
    """Expected ROC curve: at each distinct threshold t (descending) the expected TP / FP counts of score >= t."""
    thresholds = np.unique(score)[::-1]
    tpr = [0.0]
    fpr = [0.0]
    pos = p.sum()
    neg = (1 - p).sum()
    for t in thresholds:
        sel = score >= t
        tpr.append(p[sel].sum() / pos)
        fpr.append((1 - p[sel]).sum() / neg)
    auc = float(np.trapz(tpr, fpr))
    # cross-check: the same curve is sklearn's weighted ROC of each row once as a positive (weight p) and once
    # as a negative (weight 1 - p)
    n = len(p)
    check = roc_auc_score(np.r_[np.ones(n), np.zeros(n)], np.r_[score, score], sample_weight=np.r_[p, 1 - p])
    assert abs(check - auc) < 1e-12, (check, auc)
    return auc


def cbpe_case(rng, n, k):
    raw = rng.dirichlet(np.ones(k) * 0.8, size=n)
    raw = np.round(raw, 3)  # ties in the scores on purpose
    raw[:, -1] = 1 - raw[:, :-1].sum(axis=1)
    raw = np.clip(raw, 0, 1)
    raw = raw / raw.sum(axis=1, keepdims=True)
    # "calibrated" probabilities: some other monotone-per-class map, renormalised (the estimator takes them as given)
    cal = raw ** 1.3
    cal = cal / cal.sum(axis=1, keepdims=True)
    pred = raw.argmax(axis=1)
    acc = float(np.mean(cal[np.arange(n), pred]))
    classes = [1] if k == 2 else list(range(k))
    f1s, aucs = [], []
    for c in classes:
        tp, fp, fn, _ = expected_confusion(raw[:, c], cal[:, c], pred == c)
        f1s.append(0.0 if 2 * tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn))
        aucs.append(expected_auc(raw[:, c], cal[:, c]))
    return {
        'nClasses': k,
        'raw': raw.ravel().tolist(),
        'calibrated': cal.ravel().tolist(),
        'yPred': pred.tolist(),
        'accuracy': acc,
        'f1': float(np.mean(f1s)),
        'rocAuc': float(np.mean(aucs)),
    }


def wilson(x, n, conf):
    z = norm.ppf(1 - (1 - conf) / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return {'x': x, 'n': n, 'confidence': conf, 'lower': float(max(0, centre - half)), 'upper': float(min(1, centre + half))}


def delong(y, s):
    """DeLong (1988) by its definition: psi over all positive/negative pairs (O(mn))."""
    x = s[y == 1]
    z = s[y == 0]
    psi = (x[:, None] > z[None, :]) + 0.5 * (x[:, None] == z[None, :])
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    auc = psi.mean()
    var = v10.var(ddof=1) / len(x) + v01.var(ddof=1) / len(z)
    assert abs(auc - roc_auc_score(y, s)) < 1e-12
    return {'y': y.tolist(), 'score': s.tolist(), 'auc': float(auc), 'variance': float(var)}


def main():
    rng = np.random.default_rng(20261207)
    cases = [cbpe_case(rng, 60, 2), cbpe_case(rng, 80, 3), cbpe_case(rng, 50, 5)]
    wilsons = [wilson(x, n, c) for (x, n, c) in [(0, 10, 0.95), (10, 10, 0.95), (37, 50, 0.95), (812, 1000, 0.99), (1, 3, 0.9)]]
    y = (rng.random(70) < 0.4).astype(int)
    s = np.round(rng.normal(size=70) + y, 1)  # ties
    print(json.dumps({
        'generator': 'scripts/monitor-fixtures/cbpe_reference.py',
        'normalQuantile': [{'p': p, 'z': float(norm.ppf(p))} for p in [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.995, 1 - 1e-9]],
        'cbpe': cases,
        'wilson': wilsons,
        'delong': delong(y, s),
    }, indent=1))


if __name__ == '__main__':
    main()
