"""The school side of a receiving portal (Cổng tiếp nhận học bạ số, CV 2088/BGDĐT-GDTH §2).

>>> portal = hocba.Portal("http://127.0.0.1:8080", user_name="truong-1", token="…",
...                       password="…", unit="79000701", school_year=2025,
...                       key=hocba.SigningKey.from_pkcs8(open("seal.pk8", "rb").read()),
...                       chain="seal-chain.pem")                       # doctest: +SKIP
>>> reply = portal.submit(["hoc-ba-1.signed.xml", "hoc-ba-2.signed.xml"])  # doctest: +SKIP
>>> reply.message_id, reply.ok                                          # doctest: +SKIP
>>> portal.status(reply.message_id).records                             # doctest: +SKIP

The requests are built and signed by the Rust core, byte for byte what ``hocba submit``,
``hocba status`` and ``hocba recall`` send, and each reply is read by the core (a reply that is
not a transaction reply raises ``DecodeError`` with code ``portal_reply_unreadable``). The HTTP
round trip uses the standard library; a portal that cannot be reached raises urllib's
``URLError`` (an ``OSError``). Neither the token nor the password is ever shown.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Union

from . import _native
from ._errors import ArgumentTypeError

__all__ = ["Portal", "PortalReply"]

Source = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]


def _read(source: Source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    return bytes(_native.read_file(source))


@dataclass(frozen=True)
class PortalReply:
    """A portal's reply to one transaction.

    ``ok`` is False when the portal refused the transaction as a whole (``code`` says why, in
    ``description`` (English) and ``description_vi``). ``records`` are the per-record results
    of a submission (``ma_tra_cuu_uuid``, ``trang_thai`` 1 accepted / 0 rejected, ``error``),
    ``certificates`` a registration's state, ``recalls`` each recall entry's state; ``raw``
    is the whole reply with the specification's field names.
    """

    message_id: str
    ok: bool
    code: str
    description: str
    description_vi: str
    http_status: int
    records: List[Dict[str, Any]] = field(default_factory=list)
    certificates: List[Dict[str, Any]] = field(default_factory=list)
    recalls: List[Dict[str, Any]] = field(default_factory=list)
    raw: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def _from(cls, raw: Dict[str, Any], http_status: int) -> "PortalReply":
        return cls(
            message_id=raw["MessageId"],
            ok=not raw["Error"],
            code=raw["ResponseCode"],
            description=raw.get("ResponseDescriptionEn") or raw["ResponseDescription"],
            description_vi=raw["ResponseDescription"],
            http_status=http_status,
            records=list(raw.get("danh_sach_hoc_ba") or []),
            certificates=list(raw.get("danh_sach_chung_thu_so") or []),
            recalls=list(raw.get("danh_sach_thu_hoi") or []),
            raw=raw,
        )


class Portal:
    """A unit's account at a receiving portal (``hocba-server`` or any portal speaking the
    CV 2088 JSON transactions).

    ``key`` (a ``hocba.SigningKey``) and ``chain`` (its certificate chain, leaf first: a PEM
    bundle, DER bytes, a path, or a list of them) are the unit's organisation certificate that
    signs submissions and recalls; status queries need neither. ``school_year`` is the first
    calendar year of the school year reported (2025 for 2025-2026).
    """

    def __init__(
        self,
        url: str,
        *,
        user_name: str,
        token: str,
        password: str,
        unit: str,
        school_year: int,
        key: Any = None,
        chain: Any = None,
        timeout: float = 600.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.user_name = user_name
        self.unit = unit
        self.school_year = school_year
        self.timeout = timeout
        self._token = token
        self._password = password
        self._key = key
        self._chain = chain

    def __repr__(self) -> str:
        return f"Portal({self.url!r}, user_name={self.user_name!r}, unit={self.unit!r})"

    def submit(
        self, records: Sequence[Source], *, message_id: Optional[str] = None
    ) -> PortalReply:
        """Type 1: submit signed national XML records (one ``HOC_BA`` each: bytes or paths).
        ``message_id`` resends under a given id (after a lost reply); default a new random one.
        """
        return self._signed("submit", records, message_id)

    def recall(
        self, records: Sequence[Source], *, message_id: Optional[str] = None
    ) -> PortalReply:
        """Type 5: ask for the recall of records as submitted (their identifying fields are
        sent)."""
        return self._signed("recall", records, message_id)

    def status(self, message_id: str, *, kind: str = "submit") -> PortalReply:
        """Types 2, 4, 6: the result of the request ``message_id`` of ``kind`` ``"submit"``,
        ``"certificate"`` or ``"recall"``."""
        body = _native.portal_request(
            "status", message_id=message_id, kind=kind, **self._account()
        )
        return self._send(body)

    def _account(self) -> Dict[str, Any]:
        return dict(
            token=self._token,
            user_name=self.user_name,
            password=self._password,
            unit=self.unit,
            school_year=self.school_year,
        )

    def _signed(
        self, action: str, records: Sequence[Source], message_id: Optional[str]
    ) -> PortalReply:
        if self._key is None or self._chain is None:
            raise ArgumentTypeError(
                "argument_missing",
                f"{action} needs the unit's key and chain (Portal(key=…, chain=…))",
                f"{action} cần khoá và chuỗi chứng thư số của đơn vị (Portal(key=…, chain=…))",
            )
        if isinstance(records, (bytes, bytearray, memoryview, str)):
            raise ArgumentTypeError(
                "argument_type",
                "records must be a list of records (bytes or paths)",
                "records phải là một list các hồ sơ (bytes hoặc đường dẫn)",
            )
        body = _native.portal_request(
            action,
            message_id=message_id or _native.portal_message_id(os.urandom(16)),
            records=[_read(r) for r in records],
            key=self._key,
            chain=self._chain,
            **self._account(),
        )
        return self._send(body)

    def _send(self, body: bytes) -> PortalReply:
        req = urllib.request.Request(
            f"{self.url}/api/v1/giao-dich",
            data=body,
            headers={"content-type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                status, reply = res.status, res.read(64 << 20)
        except urllib.error.HTTPError as e:
            # A refusal comes with a 4xx status and a transaction reply in the body.
            status, reply = e.code, e.read(64 << 20)
        return PortalReply._from(_native.portal_reply(reply, status), status)
