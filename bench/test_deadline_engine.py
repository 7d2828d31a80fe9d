"""pytest-benchmark (``make bench``): the deadline law, per request and vectorised.

The database side and the million-row figures are in ``bench_recompute.py`` (a script).
"""

import datetime

import numpy as np
from bench_recompute import synthetic_arrays

from requests_app.law.calendars import calendar_for
from requests_app.law.deadlines import compute_chain
from requests_app.law.deadlines_vectorised import compute_chains


def test_compute_chain_one_request(benchmark):
    calendar = calendar_for("foia")
    chain = benchmark(
        compute_chain,
        regime="foia",
        received_on=datetime.date(2022, 12, 16),
        calendar=calendar,
        responded_on=datetime.date(2023, 1, 10),
        review_requested_on=datetime.date(2023, 2, 1),
        review_decided_on=datetime.date(2023, 3, 1),
    )
    assert chain.response_due == datetime.date(2023, 1, 19)


def test_compute_chains_100k(benchmark):
    arrays = synthetic_arrays(100_000, np.random.default_rng(1))
    calendar = calendar_for("foia")
    result = benchmark(compute_chains, regime="foia", calendar=calendar, **arrays)
    assert len(result["response_due"]) == 100_000
