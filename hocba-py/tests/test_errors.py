"""The exception hierarchy and the codes it carries."""

from __future__ import annotations

import pickle

import pytest

import hocba


def test_hierarchy():
    for cls in (
        hocba.DecodeError,
        hocba.ValidationError,
        hocba.SignatureError,
        hocba.TrustError,
        hocba.RenderError,
    ):
        assert issubclass(cls, hocba.HocbaError)
    assert issubclass(hocba.HocbaError, Exception)
    assert issubclass(hocba.ValidationError, ValueError)
    assert issubclass(hocba.DecodeError, ValueError)
    assert not issubclass(hocba.SignatureError, ValueError)


@pytest.mark.parametrize(
    "path, value, code",
    [
        (("grade",), 6, "invalid_grade"),
        (("subjects", 1, "score"), 11, "invalid_score"),
        # Not a whole number: the wrong JSON type, before the score's own rule.
        (("subjects", 1, "score"), 9.0, "json_data"),
        (("subjects", 1, "score"), True, "json_data"),
        (("school_year",), "2024-2026", "invalid_school_year"),
        (("pupil", "personal_id"), "12345", "invalid_personal_id"),
        (("pupil", "date_of_birth"), "2016-02-30", "invalid_date"),
        (("pupil", "ethnicity"), 55, "invalid_ethnicity"),
        (("pupil", "nationality"), "vn", "invalid_country_code"),
        (("result",), "xuat_sac", "unknown_code"),
        (("class_name",), "x" * 2001, "text_too_long"),
        (("class_name",), "3A\t😀", "character_not_allowed"),
    ],
)
def test_out_of_domain_values_are_decode_errors(record_dict, path, value, code):
    # A value outside its domain type is a DecodeError with the domain's code (the same code
    # the canonical CBOR decoder gives), the JSON path, and no trace of the value.
    target = record_dict
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_json(record_dict)
    err = info.value
    assert err.code == code
    assert err.path == ".".join(str(k) for k in path).replace(".1.", "[1].")
    assert isinstance(err, ValueError)
    assert err.message and err.message_vi
    assert code in str(err)


@pytest.mark.parametrize(
    "text, code",
    [
        ("{", "json_syntax"),
        ("", "json_syntax"),
        ("[1, 2]", "json_data"),
        ('{"grade": 3}', "json_data"),
        ("null", "json_data"),
    ],
)
def test_json_errors(text, code):
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_json(text)
    assert info.value.code == code


def test_unknown_field_is_rejected(record_dict):
    record_dict["extra"] = 1
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_json(record_dict)
    assert info.value.code == "json_data"


def test_messages_do_not_leak_input(record_dict):
    record_dict["pupil"]["personal_id"] = "04831600012X"
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_json(record_dict)
    assert "04831600012X" not in str(info.value)
    assert "04831600012X" not in info.value.message_vi


def test_vietnamese_message():
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_json("{")
    assert "JSON không hợp lệ" in info.value.message_vi


def test_exceptions_pickle():
    e = hocba.ValidationError("x_code", "msg", "thông điệp", None, [{"code": "a"}])
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.code, e2.message, e2.message_vi, e2.errors()) == (
        "x_code", "msg", "thông điệp", [{"code": "a"}]
    )
    d = pickle.loads(pickle.dumps(hocba.DecodeError("c", "m", "v", "grade")))
    assert isinstance(d, hocba.DecodeError) and (d.code, d.path) == ("c", "grade")


def test_exception_kind_and_path_are_the_cores(record_dict):
    """The class is the core's kind (`ModelError` for a domain value met on its own, a
    `DecodeError` subclass), `.kind` names it, and `.path` is the core's path (ADR 0096)."""
    assert issubclass(hocba.ModelError, hocba.DecodeError)
    record_dict["subjects"][1]["score"] = 12
    with pytest.raises(hocba.DecodeError) as info:
        hocba.YearRecord.from_json(record_dict)
    assert (info.value.kind, info.value.code, info.value.path) == (
        "decode",
        "invalid_score",
        "subjects[1].score",
    )
