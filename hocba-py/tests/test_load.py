"""hocba.loads / hocba.load: either kind, either encoding."""

from __future__ import annotations

import io

import pytest

import hocba
from hocba import synth


def test_loads_detects_kind_and_encoding():
    rec = synth.year_record(1)
    t = synth.demo_transcript()
    assert hocba.loads(rec.to_cbor()) == rec
    assert hocba.loads(rec.to_json()) == rec
    assert hocba.loads(rec.to_json().encode()) == rec
    assert hocba.loads(t.to_cbor()) == t
    assert hocba.loads(t.to_json(indent=True)) == t
    assert isinstance(hocba.loads(t.to_cbor()), hocba.Transcript)


def test_load_from_path_and_file(tmp_path):
    rec = synth.year_record(2)
    p = tmp_path / "r.cbor"
    p.write_bytes(rec.to_cbor())
    assert hocba.load(p) == rec
    assert hocba.load(str(p)) == rec
    assert hocba.load(io.BytesIO(rec.to_cbor())) == rec
    with pytest.raises(TypeError):
        hocba.load(io.StringIO(rec.to_json()))
    with pytest.raises(TypeError):
        hocba.load(3)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        hocba.load(tmp_path / "missing")


def test_loads_errors():
    with pytest.raises(hocba.DecodeError):
        hocba.loads(b"")
    with pytest.raises(hocba.DecodeError):
        hocba.loads(b"{")
    with pytest.raises(hocba.DecodeError):
        hocba.loads(b"\xff\xfe")
    with pytest.raises(TypeError):
        hocba.loads(None)  # type: ignore[arg-type]


def test_every_path_reader_has_the_one_size_bound(tmp_path):
    """`load`, `TrustStore`, `SigningKey.from_pkcs8` and `verify_many` read a path through the
    core's bound (MAX_INPUT_BYTES): a larger file, or /dev/zero, is `file_too_large`, not a
    read without end."""
    from conftest import PKI

    assert hocba._native.MAX_INPUT_BYTES == 16 * 1024 * 1024
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(hocba._native.MAX_INPUT_BYTES + 1)
    sources = [big]
    import os

    if os.path.exists("/dev/zero"):
        sources.append("/dev/zero")
    for src in sources:
        with pytest.raises(hocba.DecodeError) as e:
            hocba.load(src)
        assert e.value.code == "file_too_large"
        with pytest.raises(hocba.DecodeError) as e:
            hocba.TrustStore(src)
        assert e.value.code == "file_too_large"
        with pytest.raises(hocba.DecodeError) as e:
            hocba.SigningKey.from_pkcs8(src)
        assert e.value.code == "file_too_large"
        trust = hocba.TrustStore(PKI / "roots.pem")
        [report] = hocba.verify_many([src], trust)
        assert report.error == "file_too_large"
    with open(big, "rb") as f, pytest.raises(hocba.DecodeError) as e:
        hocba.load(f)
    assert e.value.code == "file_too_large"


def test_load_of_document_text_does_not_echo_it():
    """A record passed to `load` as text is not taken for a file name, and the error does not
    carry the record."""
    text = synth.year_record(3).to_json()
    with pytest.raises(TypeError) as e:
        hocba.load(text)
    assert text[:40] not in str(e.value)
    assert synth.year_record(3).pupil.full_name not in str(e.value)
