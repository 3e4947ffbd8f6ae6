"""A made-up loan history in the columns of ../shared/data/credit/credit_data.

The bad loans follow a known logistic rule, so the suite can train and
score without the shared data: arrears on file, a large repayment for the
income, high expenses and a short job raise the risk; assets lower it.
Marital status is drawn independently of the outcome.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

COLUMNS = (
    "Status Seniority Home Time Age Marital Records Job Expenses Income Assets Debt Amount Price"
).split()


def write_history(path: Path, rows: int = 3000, seed: int = 3) -> Path:
    rng = np.random.default_rng(seed)
    seniority = rng.integers(0, 30, rows)
    home = rng.choice(
        ["owner", "rent", "parents", "other", "priv"], rows, p=[0.45, 0.25, 0.15, 0.1, 0.05]
    )
    term = rng.choice([12, 24, 36, 48, 60], rows)
    age = rng.integers(19, 66, rows)
    marital = rng.choice(["married", "single", "separated", "widow"], rows)
    records = rng.choice(["no", "yes"], rows, p=[0.82, 0.18])
    job = rng.choice(["fixed", "freelance", "partime", "others"], rows, p=[0.6, 0.2, 0.15, 0.05])
    income = rng.gamma(6.0, 25.0, rows).round()
    expenses = (income * rng.uniform(0.2, 0.9, rows)).round()
    assets = np.where(rng.random(rows) < 0.4, 0, rng.gamma(2.0, 3000.0, rows)).round()
    debt = np.where(rng.random(rows) < 0.7, 0, rng.gamma(2.0, 1000.0, rows)).round()
    amount = rng.integers(2, 50, rows) * 100
    price = (amount * rng.uniform(1.0, 2.0, rows)).round()
    instalment_share = amount / term / np.maximum(income, 1)
    logit = (
        -2.2
        + 1.6 * (records == "yes")
        + 2.5 * instalment_share
        + 1.2 * expenses / np.maximum(income, 1)
        - 0.05 * seniority
        + 0.5 * (job == "partime")
        - 0.3 * np.log1p(assets / amount)
        + 0.4 * (home == "rent")
    )
    bad = rng.random(rows) < 1 / (1 + np.exp(-logit))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for i in range(rows):
            writer.writerow(
                [
                    "bad" if bad[i] else "good",
                    seniority[i],
                    home[i],
                    term[i],
                    age[i],
                    marital[i],
                    records[i],
                    job[i],
                    expenses[i],
                    # a few incomes missing, as in the real history
                    "" if i % 40 == 0 else income[i],
                    assets[i],
                    debt[i],
                    amount[i],
                    price[i],
                ]
            )
    return path
