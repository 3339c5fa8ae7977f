"""Reading documents from files."""

from __future__ import annotations

import os
from typing import BinaryIO, Union

from ._native import Transcript, YearRecord, loads

__all__ = ["load"]


def load(source: Union[str, "os.PathLike[str]", BinaryIO]) -> Union[YearRecord, Transcript]:
    """Reads a year record or a transcript from a file (a path or a binary file object),
    JSON or canonical hocba-CBOR, detected from its first byte."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return loads(f.read())
    if hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise TypeError("the file must be opened in binary mode ('rb')")
        return loads(data)
    raise TypeError(f"expected a path or a binary file, not {type(source).__name__}")
