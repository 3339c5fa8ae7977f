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
