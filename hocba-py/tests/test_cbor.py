"""Canonical hocba-CBOR in and out."""

from __future__ import annotations

import pytest

import hocba
from hocba import synth


def test_round_trip_and_determinism(record_dict):
    rec = hocba.YearRecord.from_json(record_dict)
    data = rec.to_cbor()
    assert isinstance(data, bytes)
    assert hocba.YearRecord.from_cbor(data) == rec
    assert hocba.YearRecord.from_json(record_dict).to_cbor() == data
    assert hocba.YearRecord.from_cbor(bytearray(data)) == rec
    assert hocba.YearRecord.from_cbor(memoryview(data)) == rec


def test_transcript_round_trip():
    t = synth.demo_transcript()
    assert hocba.Transcript.from_cbor(t.to_cbor()) == t


def test_bytes_are_rfc8949_canonical():
    cbor2 = pytest.importorskip("cbor2")
    data = synth.year_record(4).to_cbor()
    assert cbor2.dumps(cbor2.loads(data), canonical=True) == data


@pytest.mark.parametrize(
    "mutate, code",
    [
        (lambda b: b + b"\x00", "trailing_bytes"),
        (lambda b: b[:-1], "truncated"),
        (lambda b: b"\xf9\x3c\x00", "float"),
        (lambda b: b"\xa2\x01\x01\x01\x02", "duplicate_key"),
    ],
)
def test_profile_violations_have_codes(mutate, code):
    data = mutate(synth.year_record(5).to_cbor())
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_cbor(data)
    assert info.value.code == code


def test_wrong_argument_types():
    for bad in ("a1", None, 1, [1], object()):
        with pytest.raises(TypeError):
            hocba.YearRecord.from_cbor(bad)
