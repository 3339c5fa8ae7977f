"""Synthetic data: deterministic, valid, and argument checks."""

from __future__ import annotations

import pytest

import hocba
from hocba import synth


def test_same_seed_same_record():
    assert synth.year_record(7) == synth.year_record(7)
    assert synth.year_record(7) != synth.year_record(8)
    assert synth.year_record(7).grade == 4


def test_records_round_trip_through_json():
    rec = synth.year_record(1)
    assert hocba.YearRecord.from_json(rec.to_json()) == rec


def test_class_and_cohort():
    klass = synth.class_records(5, 2, 2024, 12)
    assert len(klass) == 12
    assert {r.grade for r in klass} == {2} and {r.school_year for r in klass} == {"2024-2025"}
    cohort = synth.cohort(seed=3, pupils=5)
    assert len(cohort) == 5
    assert all(isinstance(t, hocba.Transcript) for t in cohort)
    assert len(cohort[2].years) == 6  # retained once
    assert synth.transcript(9, "transfer").years[2].school != synth.transcript(9, "transfer").years[1].school
    assert len(synth.demo_transcript().years) == 5


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: synth.year_record(-1), OverflowError),
        (lambda: synth.year_record("1"), TypeError),
        (lambda: synth.class_records(1, 6, 2024, 3), hocba.DecodeError),
        (lambda: synth.class_records(1, 5, 1946, 3), ValueError),
        (lambda: synth.class_records(1, 5, 0, 3), ValueError),
        (lambda: synth.class_records(1, 5, 2024, 10**7), ValueError),
        (lambda: synth.class_records(1, 5, 2024, -1), OverflowError),
        (lambda: synth.transcript(1, "lost"), ValueError),
        (lambda: synth.cohort(pupils=10**9), ValueError),
        (lambda: synth.cohort(first_year=3000), ValueError),
        (lambda: synth.cohort(first_year=2**70), OverflowError),
    ],
)
def test_bad_arguments_raise(call, exc):
    with pytest.raises(exc):
        call()
