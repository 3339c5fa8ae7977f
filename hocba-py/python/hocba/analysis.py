"""Analysis helpers: records as rows, and as pandas DataFrames when pandas is installed.

``year_rows`` gives one dict per pupil-year and ``subject_rows`` one dict per
pupil-year-subject; both are built in Rust. ``to_pandas`` wraps them in a DataFrame;
pandas stays an optional dependency (``pip install hocba[pandas]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Literal, Union

from ._errors import ArgumentError
from ._native import Transcript, YearRecord, subject_rows, year_rows

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas

__all__ = ["year_rows", "subject_rows", "to_pandas"]

Records = Union[YearRecord, Transcript, Iterable[Any]]


def to_pandas(
    records: Records,
    kind: Literal["years", "subjects"] = "years",
    *,
    identity: bool = True,
) -> "pandas.DataFrame":
    """A DataFrame of ``records``: one row per pupil-year (``kind="years"``) or per
    pupil-year-subject (``kind="subjects"``).

    ``identity=False`` leaves out the directly identifying columns (``full_name``,
    ``personal_id``, ``date_of_birth``). Raises ``ImportError`` when pandas is not installed.
    """
    if kind == "years":
        rows = year_rows(records, identity=identity)
    elif kind == "subjects":
        rows = subject_rows(records, identity=identity)
    else:
        # The value is not repeated: whatever was passed may be a pupil's data.
        raise ArgumentError(
            "argument_value",
            "kind must be 'years' or 'subjects'",
            "kind phải là 'years' hoặc 'subjects'",
        )
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "hocba.to_pandas needs pandas: pip install 'hocba[pandas]'"
        ) from e
    return pd.DataFrame(rows)
