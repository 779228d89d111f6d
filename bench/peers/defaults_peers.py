#!/usr/bin/python3
"""Out-of-fold predictions of scikit-learn's (and XGBoost's) default learners for `npm run bench -- defaults`.

    /usr/bin/python3 defaults_peers.py PLAN_JSON OUT_JSON [--peers PEER ...]

PLAN_JSON is written by bench/defaults.bench.ts: per dataset the CSV file, the target column, the task, the rows
to use (0-based data-row indices of the file), each row's fold (0..k-1) and label (a class index in mlpilot's class
order, or the regression value). Every peer is fitted on the other folds' rows and predicts the fold's rows, for
every fold; OUT_JSON gets the out-of-fold predictions (row-major n x k class probabilities, or values) and the fit
seconds. Metrics are computed by the bench, with mlpilot's metric code for both sides.

Features: a column whose non-empty values are all ISO dates becomes year, month, day, day of week and day of year
(plus the hour when any value has a time); a column whose non-empty values all parse as numbers is numeric; any
other column is categorical (text labels, missing as its own level).

Peers (random_state 0, one thread, everything else the library default):
  hgb      HistGradientBoosting{Classifier,Regressor}; numeric columns as they are (NaN native); categoricals
           ordinal-encoded and declared categorical (a column with more than 255 train levels is passed as its
           codes, as a number).
  xgb      XGBoost XGB{Classifier,Regressor}(tree_method="hist"); numeric NaN native; categoricals one-hot.
  rf       RandomForest{Classifier,Regressor}; median impute + one-hot.
  et       ExtraTrees{Classifier,Regressor}; median impute + one-hot.
  knn      KNeighbors{Classifier,Regressor}; median impute + standard scaling + one-hot.
  nb       GaussianNB (classification only); median impute + one-hot.
  linear   LogisticRegression(max_iter=1000) / Ridge(); median impute + standard scaling + one-hot.
One-hot: OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=50) on the text labels, missing as its
own level, so a column gives at most 50 indicator columns (mlpilot's default one-hot keeps 50 levels too).
"""

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor,  # noqa: E402
                              HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression, Ridge  # noqa: E402
from sklearn.naive_bayes import GaussianNB  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler  # noqa: E402
import xgboost as xgb  # noqa: E402

warnings.filterwarnings("ignore")
SEED = 0
MISSING = "__missing__"
MAX_HGB_LEVELS = 255
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")
PEERS = ["hgb", "xgb", "rf", "et", "knn", "nb", "linear"]


def features(df):
    """(numeric frame, categorical text frame) with dates expanded to numeric parts."""
    num, cat = {}, {}
    for c in df.columns:
        v = df[c].dropna()
        if len(v) and v.map(lambda s: bool(ISO_DATE.match(s))).all():
            d = pd.to_datetime(df[c], errors="coerce", utc=True)
            num[f"{c}_year"], num[f"{c}_month"], num[f"{c}_day"] = d.dt.year, d.dt.month, d.dt.day
            num[f"{c}_dow"], num[f"{c}_doy"] = d.dt.dayofweek, d.dt.dayofyear
            if v.str.len().gt(10).any():
                num[f"{c}_hour"] = d.dt.hour + d.dt.minute / 60.0
        elif len(v) and pd.to_numeric(v, errors="coerce").notna().all():
            num[c] = pd.to_numeric(df[c], errors="coerce")
        else:
            cat[c] = df[c].fillna(MISSING)
    return pd.DataFrame(num, index=df.index).astype("float64"), pd.DataFrame(cat, index=df.index)


def onehot_pipeline(num_cols, cat_cols, estimator, scale=False, impute=True):
    steps = ([("impute", SimpleImputer(strategy="median"))] if impute else []) + (
        [("scale", StandardScaler())] if scale else [])
    parts = []
    if num_cols:
        parts.append(("num", Pipeline(steps) if steps else "passthrough", num_cols))
    if cat_cols:
        parts.append(("cat", OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=50,
                                           sparse_output=False), cat_cols))
    return Pipeline([("prep", ColumnTransformer(parts, sparse_threshold=0)), ("model", estimator)])


def make_peer(peer, task, num_cols, cat_cols, train_cat):
    clf = task != "regression"
    if peer == "hgb":
        cat_mask = [False] * len(num_cols) + [train_cat[c].nunique() <= MAX_HGB_LEVELS for c in cat_cols]
        est = (HistGradientBoostingClassifier if clf else HistGradientBoostingRegressor)(
            random_state=SEED, categorical_features=cat_mask if any(cat_mask) else None)
        parts = [("num", "passthrough", num_cols)] if num_cols else []
        if cat_cols:
            parts.append(("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan), cat_cols))
        return Pipeline([("prep", ColumnTransformer(parts, sparse_threshold=0)), ("model", est)])
    if peer == "xgb":
        est = (xgb.XGBClassifier if clf else xgb.XGBRegressor)(tree_method="hist", n_jobs=1, random_state=SEED)
        return onehot_pipeline(num_cols, cat_cols, est, impute=False)
    if peer == "rf":
        est = (RandomForestClassifier if clf else RandomForestRegressor)(random_state=SEED, n_jobs=1)
        return onehot_pipeline(num_cols, cat_cols, est)
    if peer == "et":
        est = (ExtraTreesClassifier if clf else ExtraTreesRegressor)(random_state=SEED, n_jobs=1)
        return onehot_pipeline(num_cols, cat_cols, est)
    if peer == "knn":
        est = (KNeighborsClassifier if clf else KNeighborsRegressor)(n_jobs=1)
        return onehot_pipeline(num_cols, cat_cols, est, scale=True)
    if peer == "nb":
        return onehot_pipeline(num_cols, cat_cols, GaussianNB()) if clf else None
    if peer == "linear":
        est = LogisticRegression(max_iter=1000) if clf else Ridge()
        return onehot_pipeline(num_cols, cat_cols, est, scale=True)
    raise ValueError(f"unknown peer {peer}")


def run_dataset(d, peers):
    df = pd.read_csv(d["file"], dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    df = df.iloc[d["rows"]].drop(columns=[d["target"]]).reset_index(drop=True)
    num, cat = features(df)
    X = pd.concat([num, cat], axis=1)
    num_cols, cat_cols = list(num.columns), list(cat.columns)
    task, k = d["task"], d.get("n_classes") or 0
    y = np.asarray(d["y"], dtype="float64" if task == "regression" else "int64")
    folds = np.asarray(d["folds"])
    out = {}
    for peer in peers:
        n_out = k if task != "regression" else 1
        oof = np.zeros((len(y), n_out))
        fit_s = 0.0
        skipped = False
        for f in range(int(folds.max()) + 1):
            tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            model = make_peer(peer, task, num_cols, cat_cols, X.iloc[tr][cat_cols] if cat_cols else None)
            if model is None:
                skipped = True
                break
            start = time.perf_counter()
            model.fit(X.iloc[tr], y[tr])
            fit_s += time.perf_counter() - start
            if task == "regression":
                oof[te, 0] = model.predict(X.iloc[te])
            else:
                p = model.predict_proba(X.iloc[te])
                full = np.zeros((len(te), k))
                full[:, np.asarray(model.classes_, dtype=int)] = p
                oof[te] = full
        if not skipped:
            out[peer] = {"oof": [round(float(v), 12) for v in oof.ravel()], "fit_s": fit_s}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan")
    ap.add_argument("out")
    ap.add_argument("--peers", nargs="+", default=PEERS, choices=PEERS)
    a = ap.parse_args()
    with open(a.plan, encoding="utf-8") as fh:
        plan = json.load(fh)
    result = {"sklearn": __import__("sklearn").__version__, "xgboost": xgb.__version__, "datasets": {}}
    for i, d in enumerate(plan["datasets"]):
        start = time.perf_counter()
        result["datasets"][d["name"]] = run_dataset(d, a.peers)
        print(f"[peers {i + 1}/{len(plan['datasets'])}] {d['name']} ({len(d['rows'])} rows): "
              f"{time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
