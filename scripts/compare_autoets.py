#!/usr/bin/env python3
"""Compare Helder's forecaster with statsforecast's AutoETS on the same rolling-origin backtest.

Usage:
    cargo run --release -p helder-cli -- backtest --json > target/backtest.json
    python3 scripts/compare_autoets.py target/backtest.json

Helder's JSON carries each series, the training lengths of its origins, the horizon and
Helder's own MASE and coverage. This script fits AutoETS (season length 12, defaults
otherwise) at the same origins, scores it the same way (MASE per origin against the
in-sample seasonal naive MAE, averaged; coverage over all origins and steps) and prints
both side by side. Written against statsforecast 2.1.1 (pip install statsforecast).
"""

import json
import sys
import time

import numpy as np
import statsforecast
from statsforecast.models import AutoETS

SEASON = 12


def naive_scale(train):
    lag = SEASON if len(train) > SEASON else 1
    return float(np.mean(np.abs(train[lag:] - train[:-lag])))


def backtest(values, train_lengths, horizon):
    y = np.asarray(values, dtype=float)
    mases, in80, in95, total, secs, models = [], 0, 0, 0, 0.0, []
    for n in train_lengths:
        train, actual = y[:n], y[n : n + horizon]
        t0 = time.perf_counter()
        model = AutoETS(season_length=SEASON).fit(train)
        fc = model.predict(h=horizon, level=[80, 95])
        secs += time.perf_counter() - t0
        models.append(model.model_["method"])
        mean = fc["mean"]
        mases.append(np.mean(np.abs(mean - actual)) / naive_scale(train))
        in80 += int(np.sum((fc["lo-80"] <= actual) & (actual <= fc["hi-80"])))
        in95 += int(np.sum((fc["lo-95"] <= actual) & (actual <= fc["hi-95"])))
        total += horizon
    return {
        "mase": float(np.mean(mases)),
        "coverage80": in80 / total,
        "coverage95": in95 / total,
        "ms_per_fit": secs * 1000 / len(train_lengths),
        "models": models,
    }


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/backtest.json"
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    print(f"statsforecast {statsforecast.__version__}; horizon and origins as in {path}\n")
    header = f"{'series':<24}{'':>8}{'MASE':>8}{'cov80':>8}{'cov95':>8}{'ms/fit':>9}  most chosen model"
    print(header)
    print("-" * len(header))
    for run in runs:
        theirs = backtest(run["values"], run["train_lengths"], run["horizon"])
        ours_model = max(set(run["models"]), key=run["models"].count)
        their_model = max(set(theirs["models"]), key=theirs["models"].count)
        label = f"{run['series']} (h={run['horizon']}, {len(run['train_lengths'])} origins)"
        print(label)
        for who, r, model in (("Helder", run, ours_model), ("AutoETS", theirs, their_model)):
            print(
                f"{'':<24}{who:>8}{r['mase']:>8.3f}{r['coverage80']:>8.1%}{r['coverage95']:>8.1%}"
                f"{r['ms_per_fit']:>9.1f}  {model}"
            )


if __name__ == "__main__":
    main()
