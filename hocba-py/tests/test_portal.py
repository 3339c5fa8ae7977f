"""hocba.Portal: the school side of the CV 2088 transactions.

The request tests read what the core builds, field by field, as a portal would. The round trip
runs against a real ``hocba-server --demo`` (the binaries of ``cargo test --workspace``, found
through ``HOCBA_BIN_DIR`` as scripts/test.sh sets it, or in target/debug); it skips, saying so,
where they are absent.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.request
from typing import Iterator

import pytest

import hocba
from hocba.portal import Portal

from conftest import PKI, ROOT, VECTORS

RECORD = (VECTORS / "xml" / "full.xml").read_bytes()
SEAL_KEY = PKI / "keys" / "seal-ed25519.pk8"
SEAL_CHAIN = PKI / "chains" / "seal-ed25519.pem"


def _portal(url: str = "http://127.0.0.1:9", **kw: object) -> Portal:
    args: dict = dict(
        user_name="truong-1",
        token="tok-bi-mat",
        password="mat-khau",
        unit="79000701",
        school_year=2025,
        key=hocba.SigningKey.from_pkcs8(SEAL_KEY.read_bytes()),
        chain=SEAL_CHAIN,
    )
    args.update(kw)
    return Portal(url, **args)  # type: ignore[arg-type]


def _request(action: str, **kw: object) -> dict:
    p = _portal()
    body = hocba._native.portal_request(action, **p._account(), **kw)  # type: ignore[attr-defined]
    return json.loads(body)


def test_a_submission_carries_the_record_packed_as_the_spec_says() -> None:
    p = _portal()
    req = _request(
        "submit", message_id="m-1", records=[RECORD], key=p._key, chain=SEAL_CHAIN
    )
    auth = req["authenticationRequest"]
    assert auth["type"] == 1 and auth["messageid"] == "m-1"
    assert (auth["ma_don_vi"], auth["nam_hoc"], auth["user_name"]) == ("79000701", 2025, "truong-1")
    # The password travels as its SHA-256 (CV 2088 §2), never as itself.
    assert auth["password"] == hashlib.sha256(b"mat-khau").hexdigest()
    # content: Base64 → 4-byte length → gzip → the DANH_SACH_HOC_BA holding the record.
    raw = base64.b64decode(req["content"])
    size, listing = int.from_bytes(raw[:4], "little"), gzip.decompress(raw[4:])
    assert size == len(listing)
    assert b"<DANH_SACH_HOC_BA>" in listing and b"MA_TRA_CUU_UUID" in listing
    sig = req["Signature"]
    assert sig["algorithm"] == "EdDSA" and len(sig["x509_certificate"]) >= 1


def test_a_status_query_is_unsigned_and_names_the_request() -> None:
    for kind, code in (("submit", 2), ("certificate", 4), ("recall", 6)):
        req = _request("status", message_id="m-9", kind=kind)
        assert req["authenticationRequest"]["type"] == code
        assert "content" not in req and "Signature" not in req


def test_bad_arguments_are_refused_before_anything_is_sent() -> None:
    with pytest.raises(ValueError):
        _request("delete", message_id="m")
    with pytest.raises(TypeError):
        _request("submit", message_id="m", records=[RECORD])  # no key
    with pytest.raises(hocba.DecodeError) as e:
        _request(
            "submit", message_id="m", records=[b"<OTHER/>"], key=_portal()._key,
            chain=SEAL_CHAIN,
        )
    assert e.value.code == "not_a_record"
    # The first file is file 1, as a person counts (it said "file 0").
    assert "1 (counting from 1)" in str(e.value) or "1 (đếm từ 1)" in str(e.value), str(e.value)
    with pytest.raises(TypeError):
        _portal().submit(RECORD)  # type: ignore[arg-type]  # one record, not a list


def test_a_reply_that_is_not_a_transaction_reply_is_a_decode_error() -> None:
    with pytest.raises(hocba.DecodeError) as e:
        hocba._native.portal_reply(b"<html>502 Bad Gateway</html>", 502)  # type: ignore[attr-defined]
    assert e.value.code == "portal_reply_unreadable" and "502" in str(e.value)


def test_the_secrets_are_not_shown() -> None:
    shown = repr(_portal())
    assert "tok-bi-mat" not in shown and "mat-khau" not in shown


def test_an_unreachable_portal_is_an_oserror() -> None:
    with pytest.raises(OSError):
        _portal("http://127.0.0.1:9", timeout=5).status("m-1")


# --- against a real hocba-server --demo -------------------------------------------------------


def _bin_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("HOCBA_BIN_DIR") or ROOT / "target" / "debug")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    bins = _bin_dir()
    server, cli = bins / "hocba-server", bins / "hocba"
    if not (server.exists() and cli.exists()):
        pytest.skip(f"hocba-server and hocba (demo feature) not built in {bins}: "
                    "run `cargo test --workspace --features hocba-cli/demo,hocba-server/demo`")
    out = tmp_path_factory.mktemp("demo")
    made = subprocess.run([str(cli), "demo", "--out", str(out)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"{cli} has no demo command (built without the demo feature)")
    port = _free_port()
    log = out / "server.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [str(server), "--demo", "--listen", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=err,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                said = log.read_text(encoding="utf-8", errors="replace")
                if "demo" in said and "feature" in said:
                    pytest.skip(f"{server} was built without the demo feature")
                pytest.fail(f"hocba-server --demo exited ({proc.returncode}): {said[-500:]}")
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("hocba-server --demo did not answer /healthz")
        portal = Portal(
            url,
            user_name="truong-demo",
            token="demo-token-khong-dung-that",
            password="demo-mat-khau",
            unit="49TH0031",
            school_year=2024,
            key=hocba.SigningKey.from_pkcs8((out / "portal" / "seal.pk8").read_bytes()),
            chain=out / "portal" / "seal-chain.pem",
        )
        signed = sorted(out.glob("national-*-grade5.signed.xml"))
        assert signed, "the demo wrote its signed national XML"
        yield {"portal": portal, "record": signed[0]}
    finally:
        proc.kill()
        proc.wait()


def test_submit_status_replay_and_recall_against_the_demo_portal(demo: dict) -> None:
    portal: Portal = demo["portal"]
    sent = portal.submit([demo["record"]], message_id="py-portal-1")
    assert sent.ok, (sent.code, sent.description)
    assert sent.message_id == "py-portal-1"
    status = portal.status("py-portal-1")
    assert status.ok and len(status.records) == 1
    assert status.records[0]["trang_thai"] == 1, status.records[0]
    # The same messageid again is refused, nothing stored twice.
    again = portal.submit([demo["record"]], message_id="py-portal-1")
    assert not again.ok and again.code
    assert again.http_status >= 400
    # A wrong password is refused with the portal's code, in both languages.
    wrong = Portal(portal.url, user_name="truong-demo", token="demo-token-khong-dung-that",
                   password="sai", unit="49TH0031", school_year=2024)
    refused = wrong.status("py-portal-1")
    assert not refused.ok and refused.description and refused.description_vi
    # A recall request waits for the operator.
    recall = portal.recall([demo["record"]], message_id="py-portal-recall-1")
    assert recall.ok, (recall.code, recall.description)
    asked = portal.status("py-portal-recall-1", kind="recall")
    assert asked.ok and asked.recalls and asked.recalls[0]["trang_thai"] == 1
