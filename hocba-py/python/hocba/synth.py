"""Seeded synthetic records — invented pupils in Quảng Nam and Đà Nẵng, never real ones.

The same seed gives the same records on every machine (the core's own SplitMix64).
A cohort contains on purpose a transfer, a retained pupil and an additional assessment.
"""

from __future__ import annotations

from typing import List

from ._native import (
    Transcript,
    YearRecord,
    synth_class,
    synth_cohort,
    synth_demo_transcript,
    synth_transcript,
    synth_year_record,
)

__all__ = ["year_record", "class_records", "transcript", "cohort", "demo_transcript"]


def year_record(seed: int) -> YearRecord:
    """A realistic grade-4 year record (mid-year results included)."""
    return synth_year_record(seed)


def class_records(seed: int, grade: int, start_year: int, size: int) -> List[YearRecord]:
    """``size`` year records of one class: ``grade`` in the school year ``start_year``–``start_year+1``."""
    return synth_class(seed, grade, start_year, size)


def transcript(seed: int, path: str = "regular") -> Transcript:
    """One pupil's transcript; ``path`` is ``"regular"``, ``"transfer"``,
    ``"retained_once"`` or ``"supplementary"``."""
    return synth_transcript(seed, path)


def cohort(seed: int = 2020, pupils: int = 30, first_year: int = 2020) -> List[Transcript]:
    """A cohort of ``pupils`` who start grade 1 in ``first_year``."""
    return synth_cohort(seed, pupils, first_year)


def demo_transcript() -> Transcript:
    """The demo pupil's five-year transcript."""
    return synth_demo_transcript()
