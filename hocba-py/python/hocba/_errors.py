"""Exceptions raised by hocba.

Every exception carries the stable machine ``code`` of the Rust error (the same code the
CLI, Kotlin and Swift report), the English message (``str(e)``) and the Vietnamese one
(``e.message_vi``). Messages never contain a pupil's name, ID, birth date or scores.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

__all__ = [
    "HocbaError",
    "DecodeError",
    "ModelError",
    "ValidationError",
    "SignatureError",
    "TrustError",
    "RenderError",
    "ArgumentError",
    "ArgumentTypeError",
]


class HocbaError(Exception):
    """Base class of every error hocba raises.

    Attributes:
        code: stable snake_case machine code, e.g. ``"json_data"``.
        message: the English message (also ``str(e)``).
        message_vi: the Vietnamese message.
        path: where in the input the problem is (e.g. ``"subjects[1].score"``), or None.
    """

    code: str
    message: str
    message_vi: str
    path: Optional[str]

    def __init__(
        self,
        code: str,
        message: str = "",
        message_vi: str = "",
        path: Optional[str] = None,
    ) -> None:
        super().__init__(code, message, message_vi, path)
        self.code = code
        self.message = message or code
        self.message_vi = message_vi or self.message
        self.path = path

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"

    @property
    def kind(self) -> str:
        """The core's kind of failure (``hocba_core::ErrorKind``), the same in every binding:
        ``model``, ``decode``, ``validation``, ``signature``, ``trust``, ``render``,
        ``argument`` (``other`` for the base class)."""
        return _KINDS.get(type(self).__name__, "other")


class DecodeError(HocbaError, ValueError):
    """The input could not be read: malformed JSON or CBOR, bytes outside the hocba-CBOR
    profile, or a value outside its domain (a score of 11, a grade of 6, …)."""


class ModelError(DecodeError):
    """A domain value out of its range met outside a document (a score of 11, a grade of 6, text
    with a character a học bạ may not hold) — Kotlin ``HocbaException.Model``, Swift
    ``HocbaError.Model``. A ``DecodeError``, so ``except DecodeError`` still catches it."""


class ValidationError(HocbaError, ValueError):
    """The record breaks rules of Thông tư 27/2020/TT-BGDĐT.

    ``errors()`` lists every violation as a dict with the keys ``code``, ``rule``,
    ``path``, ``severity``, ``message`` (English) and ``message_vi``.
    """

    def __init__(
        self,
        code: str,
        message: str = "",
        message_vi: str = "",
        path: Optional[str] = None,
        errors: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        super().__init__(code, message, message_vi, path)
        self.args = (code, message, message_vi, path, list(errors or []))
        self._errors: List[Dict[str, Any]] = list(errors or [])

    def errors(self) -> List[Dict[str, Any]]:
        """Every violation, as a list of dicts (a fresh copy)."""
        return [dict(e) for e in self._errors]


class SignatureError(HocbaError):
    """A COSE envelope is malformed, a signature is wrong, or signing failed."""


class TrustError(HocbaError):
    """A certificate, chain or revocation list could not be read or is not trusted."""


class RenderError(HocbaError):
    """A PDF could not be rendered."""


class ArgumentError(HocbaError, ValueError):
    """An argument with a value hocba does not take: out of its range (``threads`` of
    ``verify_many`` outside 1–256, ``code`` ``"threads_out_of_range"``), a name that is not one
    of the allowed ones (``"unsupported_algorithm"``, ``"invalid_check"``, ``"argument_value"``),
    a naive ``datetime`` (``"naive_datetime"``), a required argument left out
    (``"argument_missing"``). A ``ValueError``, so ``except ValueError`` still catches it."""


class ArgumentTypeError(HocbaError, TypeError):
    """An argument of the wrong type (``code`` ``"argument_type"``, e.g. ``str`` where
    ``bytes`` are needed), or a call without arguments that go together (``"argument_missing"``,
    e.g. ``Portal.submit`` without the unit's key and chain). A ``TypeError``, so
    ``except TypeError`` still catches it. The message names the type, never the value."""


_KINDS = {
    "ModelError": "model",
    "DecodeError": "decode",
    "ValidationError": "validation",
    "SignatureError": "signature",
    "TrustError": "trust",
    "RenderError": "render",
    "ArgumentError": "argument",
    "ArgumentTypeError": "argument",
}

# Shown as `hocba.DecodeError` etc. in tracebacks: the public name.
for _cls in (
    HocbaError,
    DecodeError,
    ModelError,
    ValidationError,
    SignatureError,
    TrustError,
    RenderError,
    ArgumentError,
    ArgumentTypeError,
):
    _cls.__module__ = "hocba"
del _cls
