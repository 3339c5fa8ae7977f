"""Shared fixtures: a synthetic year record (no real pupil) and the shared vectors."""

from __future__ import annotations

import copy
import datetime
import json
import pathlib
from typing import Any, Dict

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
PKI = VECTORS / "pki"

# The test PKI's signing time (tests/vectors/pki/README.md) and a verification time after it.
SIGNING_TIME = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
VERIFY_AT = SIGNING_TIME + datetime.timedelta(days=30)
# The school the test PKI's government-tree seal certificate names.
PKI_SCHOOL = "Trường Tiểu học Thử Nghiệm Số 1"
SIGNERS = ("gvcn-ed25519", "principal-ed25519", "seal-ed25519")


def synthetic_record() -> Dict[str, Any]:
    """A complete grade-3 year record of an invented pupil, in the JSON form."""
    place = {
        "commune": {"code": "20194", "name": "Phường Hải Châu"},
        "province": {"code": "48", "name": "Thành phố Đà Nẵng"},
        "as_of": "2025-07-01",
    }
    subjects = [
        {"subject": "tieng_viet", "level": "T", "score": 9},
        {"subject": "toan", "level": "T", "score": 10},
        {"subject": "ngoai_ngu_1", "language": "Tiếng Anh", "level": "H", "score": 8},
        {"subject": "dao_duc", "level": "T"},
        {"subject": "tu_nhien_xa_hoi", "level": "H"},
        {"subject": "tin_hoc_cong_nghe", "level": "T", "score": 9},
        {"subject": "giao_duc_the_chat", "level": "H"},
        {"subject": "am_nhac", "level": "H"},
        {"subject": "mi_thuat", "level": "T"},
        {"subject": "hoat_dong_trai_nghiem", "level": "H", "comment": "Tích cực tham gia."},
    ]
    qualities = [
        {"quality": q, "level": "T"}
        for q in ["yeu_nuoc", "nhan_ai", "cham_chi", "trung_thuc", "trach_nhiem"]
    ]
    competencies = [
        {"competency": c, "level": "D"}
        for c in [
            "tu_chu_tu_hoc", "giao_tiep_hop_tac", "giai_quyet_van_de_sang_tao",
            "ngon_ngu", "tinh_toan", "khoa_hoc", "cong_nghe", "tin_hoc",
            "tham_mi", "the_chat",
        ]
    ]
    return {
        "rule_set": "TT27/2020",
        "pupil": {
            "full_name": "Trần Thị Bích Ngọc",
            "gender": "F",
            "date_of_birth": "2016-03-14",
            "place_of_birth": "Bệnh viện Phụ sản – Nhi Đà Nẵng",
            "ethnicity": 1,
            "nationality": "VN",
            "residence": dict(place, detail="Tổ 12"),
            "mother": {"full_name": "Lê Thị Hoa", "birth_year": 1988},
            "personal_id": "048316000123",
            "pupil_code": "HS-0480001",
        },
        "school": {
            "name": "Trường Tiểu học Trần Quốc Toản",
            "code": "48-TH-0001",
            "place": place,
        },
        "school_year": "2024-2025",
        "grade": 3,
        "class_name": "3A",
        "homeroom_teacher": {"full_name": "Nguyễn Văn An"},
        "principal": {"full_name": "Phạm Thị Mai", "capacity": "hieu_truong"},
        "height_mm": 1290,
        "weight_g": 27500,
        "days_absent": 2,
        "subjects": subjects,
        "qualities": qualities,
        "competencies": competencies,
        "result": "ht",
        "awards": [{"kind": "dot_xuat", "description": "Giải Nhì hội thi Viết chữ đẹp cấp trường"}],
        "completion": {"class_completed": True, "promotion": "len_lop"},
    }


@pytest.fixture
def record_dict() -> Dict[str, Any]:
    return copy.deepcopy(synthetic_record())


@pytest.fixture
def record_json(record_dict: Dict[str, Any]) -> str:
    return json.dumps(record_dict, ensure_ascii=False)


def pki_record(seed: int) -> Any:
    """A synthetic year record at the test PKI's school, signed by its principal in person."""
    import hocba
    from hocba import synth

    d = synth.year_record(seed).to_dict()
    d["school"]["name"] = PKI_SCHOOL
    d["principal"]["capacity"] = "hieu_truong"
    # The record names the holders of gvcn-ed25519 and principal-ed25519 (SIGNERS): verification
    # binds each signer to the person named (ADR 0140).
    d["homeroom_teacher"] = {"full_name": "Nguyễn Thị Lan", "personal_id": "001190000001"}
    d["principal"]["full_name"] = "Trần Văn Minh"
    d["principal"]["personal_id"] = "001080000002"
    # Issued the day the school seal signs (SIGNING_TIME, 07:00 in Việt Nam): verification
    # compares the two (`issue_date_differs_from_seal`, ADR 0265).
    d["issuance"]["issued_at"] = "2026-06-01T07:00:00+07:00"
    return hocba.YearRecord.from_json(d)


def sign_all(record: Any, signers=SIGNERS, signing_time=SIGNING_TIME, without=()) -> bytes:
    """``record`` signed in-process by the test PKI's GVCN, principal and seal; ``without``
    names checks before signing to turn off (ADR 0142), e.g. ``("record",)``."""
    import hocba

    env = hocba.Envelope(record)
    for name in signers:
        key = hocba.SigningKey.from_pkcs8(PKI / "keys" / f"{name}.pk8")
        env = env.sign(
            key, PKI / "chains" / f"{name}.pem", signing_time=signing_time, without=list(without)
        )
    return env.to_bytes()


@pytest.fixture(scope="session")
def trust():
    import hocba

    if not (PKI / "roots.pem").exists():
        pytest.skip(f"test PKI not found at {PKI}")
    return hocba.TrustStore(PKI / "roots.pem", crls=[PKI / "crl" / "gov-ca.crl"])
