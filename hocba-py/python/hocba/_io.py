"""Reading documents from files."""

from __future__ import annotations

import os
from typing import BinaryIO, Union

from ._errors import ArgumentTypeError, DecodeError
from ._native import MAX_INPUT_BYTES, Transcript, YearRecord, loads, read_file

__all__ = ["load"]


def load(source: Union[str, "os.PathLike[str]", BinaryIO]) -> Union[YearRecord, Transcript]:
    """Reads a year record or a transcript from a file (a path or a binary file object),
    JSON or canonical hocba-CBOR, detected from its first byte.

    At most ``MAX_INPUT_BYTES`` (16 MiB) are read, the bound of every hocba reader: a larger
    or endless source raises ``DecodeError`` with code ``file_too_large``. Text is not a path:
    for a document held in a string use ``hocba.loads(text)``; the text is never
    echoed in the error."""
    if isinstance(source, str) and _looks_like_a_document(source):
        raise ArgumentTypeError(
            "argument_type",
            "load() takes a path or a binary file; this string looks like a document "
            "itself: use hocba.loads(text)",
            "load() nhận một đường dẫn hoặc một tệp nhị phân; chuỗi này trông như chính "
            "nội dung văn bản: hãy dùng hocba.loads(text)",
        )
    if isinstance(source, (str, os.PathLike)):
        return loads(read_file(source))
    if hasattr(source, "read"):
        data = source.read(MAX_INPUT_BYTES + 1)
        if not isinstance(data, bytes):
            raise ArgumentTypeError(
                "argument_type",
                "the file must be opened in binary mode ('rb')",
                "tệp phải được mở ở chế độ nhị phân ('rb')",
            )
        if len(data) > MAX_INPUT_BYTES:
            raise DecodeError(
                "file_too_large",
                f"input larger than {MAX_INPUT_BYTES // 1024 // 1024} MiB",
                f"dữ liệu vào lớn hơn {MAX_INPUT_BYTES // 1024 // 1024} MiB",
            )
        return loads(data)
    kind = type(source).__name__
    raise ArgumentTypeError(
        "argument_type",
        f"expected a path or a binary file, not {kind}",
        f"cần một đường dẫn hoặc một tệp nhị phân, không phải {kind}",
    )


def _looks_like_a_document(text: str) -> bool:
    """JSON text (or anything with a line break or a brace) is not a file name a caller meant."""
    head = text.lstrip()[:1]
    return head in ("{", "[") or "\n" in text
