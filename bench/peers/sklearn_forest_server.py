#!/usr/bin/python3
"""scikit-learn forest training timings on demand, for bench/forest.bench.ts.

    /usr/bin/python3 bench/peers/sklearn_forest_server.py PEERS_DIR SPLITS_DIR

Loads two fixed splits once and encodes them exactly as bench/lib/forest-data.ts does for mlpilot:

- flights: the features of PEERS_DIR/engine_anchors.py (distance, origin / destination ordinal codes over the
  sorted train levels, hour, day of week), delay in minutes as the target; a level unseen in train is -1;
- ames: every column whose non-empty train values all parse as numbers is numeric, every other column is
  ordinal-coded over its sorted train labels (sklearn 1.2 forests take no categorical dtype); missing or unseen
  values are -1; Sale_Price is the target.

Prints {"ready": true, ...}, then for each stdin line `DATASET LEARNER THREADS TREES` (learner `rf` or
`extra-trees`) fits once with n_jobs=THREADS, random_state=0 and otherwise sklearn's defaults for regression
(max_features=1.0, fully grown trees, min_samples_leaf=1; bootstrap for rf, none for extra trees) and prints
{"s": fit seconds, "rmse_test": ..., "nodes": total tree nodes}. The benchmark alternates these runs with its
own so both see the same machine load.
"""
import json
import os
import sys
import time

peers, splits = sys.argv[1], sys.argv[2]
sys.path.insert(0, peers)
import engine_anchors as ea  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor  # noqa: E402

read = dict(dtype=str, keep_default_na=False, na_values=[""])


def flights():
    train = pd.read_csv(os.path.join(splits, "flights.train.csv"), **read)
    test = pd.read_csv(os.path.join(splits, "flights.test.csv"), **read)
    Xtr, ytr, Xte, yte = ea.flights_features(train, test)
    return np.nan_to_num(Xtr, nan=-1), ytr.astype(np.float64), np.nan_to_num(Xte, nan=-1), yte.astype(np.float64)


def ames():
    target = "Sale_Price"
    train = pd.read_csv(os.path.join(splits, "ames.train.csv"), **read)
    test = pd.read_csv(os.path.join(splits, "ames.test.csv"), **read)
    cols_tr, cols_te = [], []
    for c in train.columns:
        if c == target:
            continue
        num = pd.to_numeric(train[c], errors="coerce")
        if num[train[c].notna()].notna().all():
            cols_tr.append(num.fillna(-1).to_numpy(np.float64))
            cols_te.append(pd.to_numeric(test[c], errors="coerce").fillna(-1).to_numpy(np.float64))
        else:
            codes = {v: i for i, v in enumerate(sorted(train[c].dropna().unique()))}
            cols_tr.append(train[c].map(codes).fillna(-1).to_numpy(np.float64))
            cols_te.append(test[c].map(codes).fillna(-1).to_numpy(np.float64))
    Xtr = np.column_stack(cols_tr).astype(np.float32)
    Xte = np.column_stack(cols_te).astype(np.float32)
    return Xtr, pd.to_numeric(train[target]).to_numpy(np.float64), Xte, pd.to_numeric(test[target]).to_numpy(np.float64)


data = {"flights": flights(), "ames": ames()}
print(json.dumps({"ready": True, "sklearn": sklearn.__version__,
                  "shapes": {k: list(v[0].shape) for k, v in data.items()}}), flush=True)
for line in sys.stdin:
    name, learner, threads, trees = line.split()
    Xtr, ytr, Xte, yte = data[name]
    cls = RandomForestRegressor if learner == "rf" else ExtraTreesRegressor
    model = cls(n_estimators=int(trees), n_jobs=int(threads), random_state=0, max_features=1.0)
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    s = time.perf_counter() - t0
    model.set_params(n_jobs=1)
    rmse = float(np.sqrt(np.mean((yte - model.predict(Xte)) ** 2)))
    nodes = int(sum(e.tree_.node_count for e in model.estimators_))
    print(json.dumps({"s": s, "rmse_test": rmse, "nodes": nodes}), flush=True)
