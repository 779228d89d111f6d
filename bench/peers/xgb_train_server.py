#!/usr/bin/python3
"""XGBoost `hist` training timings on demand, for bench/engine.bench.ts.

    /usr/bin/python3 bench/peers/xgb_train_server.py PEERS_DIR SPLITS_DIR

Imports the shared engine_anchors.py from PEERS_DIR for its flights features, XGBoost parameters and round
count (the same setup as its anchor (i)), builds the training DMatrix once, prints {"ready": true}, then for each
line "THREADS" read from stdin trains once with nthread=THREADS and prints {"threads": T, "s": seconds,
"rmse_test": ...}. The benchmark alternates these runs with its own, so both see the same machine load.
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
import xgboost as xgb  # noqa: E402

read = dict(dtype=str, keep_default_na=False, na_values=[""])
train = pd.read_csv(os.path.join(splits, "flights.train.csv"), **read)
test = pd.read_csv(os.path.join(splits, "flights.test.csv"), **read)
Xtr, ytr, Xte, yte = ea.flights_features(train, test)
dtrain = xgb.DMatrix(Xtr, label=ytr, nthread=1)
dtest = xgb.DMatrix(Xte, label=yte, nthread=1)
print(json.dumps({"ready": True, "xgboost": xgb.__version__}), flush=True)
for line in sys.stdin:
    threads = int(line.strip())
    params = dict(ea.XGB_PARAMS, nthread=threads)
    t0 = time.perf_counter()
    booster = xgb.train(params, dtrain, ea.ROUNDS)
    s = time.perf_counter() - t0
    booster.set_param({"nthread": 1})
    rmse = float(np.sqrt(np.mean((yte.astype(float) - booster.predict(dtest)) ** 2)))
    print(json.dumps({"threads": threads, "s": s, "rmse_test": rmse}), flush=True)
