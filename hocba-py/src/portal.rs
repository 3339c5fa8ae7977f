//! The school side of the portal transactions (`hocba.Portal`): the core builds and signs each
//! request (`hocba_core::exchange`, the same bytes `hocba submit` sends) and reads each reply;
//! the HTTP round trip is Python's own (`hocba/portal.py`, the standard library's urllib).

use hocba_core::Error;
use hocba_core::envelope::SystemRng;
use hocba_core::exchange::{
    Account, Response, TransactionSigner, TransactionType, recall_request, status_request,
    submit_request,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::{argument_error, code, to_py, type_error};
use crate::json::json_to_py;
use crate::sign::{chain_arg, key_arg};

fn kind_arg(kind: &str) -> PyResult<TransactionType> {
    Ok(match kind {
        "submit" => TransactionType::Submit,
        "recall" => TransactionType::Recall,
        "certificate" => TransactionType::RegisterCertificate,
        _ => {
            return Err(argument_error(
                code::ARGUMENT_VALUE,
                "kind must be 'submit', 'recall' or 'certificate'",
                "kind phải là 'submit', 'recall' hoặc 'certificate'",
            ));
        }
    })
}

/// The JSON body of one transaction. `action` is `"submit"` or `"recall"` (signed, carrying
/// `records`) or `"status"` (asking about the `kind` request `message_id`).
#[pyfunction]
#[pyo3(signature = (action, *, token, user_name, password, unit, school_year, message_id,
    records=None, key=None, chain=None, kind="submit"))]
#[allow(clippy::too_many_arguments)] // keyword-only arguments of one private call
pub fn portal_request<'py>(
    py: Python<'py>,
    action: &str,
    token: String,
    user_name: String,
    password: String,
    unit: String,
    school_year: i32,
    message_id: &str,
    records: Option<Vec<Bound<'py, PyBytes>>>,
    key: Option<&Bound<'py, PyAny>>,
    chain: Option<&Bound<'py, PyAny>>,
    kind: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let account = Account {
        token,
        user_name,
        password,
        unit,
        school_year,
    };
    let request = match action {
        "status" => status_request(&account, kind_arg(kind)?, message_id).map_err(to_py)?,
        "submit" | "recall" => {
            let (Some(records), Some(key), Some(chain)) = (records, key, chain) else {
                return Err(type_error(
                    code::ARGUMENT_MISSING,
                    "a submission or recall needs records, the unit's key and its chain",
                    "gửi hoặc thu hồi học bạ cần records, khoá của đơn vị (key) và chuỗi chứng \
                     thư số của nó (chain)",
                ));
            };
            let key = key_arg(key)?;
            let chain = chain_arg(chain)?;
            let refs: Vec<&[u8]> = records.iter().map(|r| r.as_bytes()).collect();
            let signer = TransactionSigner {
                key: key.get().core(),
                chain: &chain,
            };
            let built = if action == "submit" {
                submit_request(&account, &refs, message_id, signer, &mut SystemRng)
            } else {
                recall_request(&account, &refs, message_id, signer, &mut SystemRng)
            };
            built.map_err(to_py)?
        }
        _ => {
            return Err(argument_error(
                code::ARGUMENT_VALUE,
                "action must be 'submit', 'recall' or 'status'",
                "action phải là 'submit', 'recall' hoặc 'status'",
            ));
        }
    };
    let body = serde_json::to_vec(&request).map_err(|_| {
        to_py(Error::from(
            hocba_core::exchange::ExchangeError::InvalidField { field: "request" },
        ))
    })?;
    Ok(PyBytes::new(py, &body))
}

/// A new `messageid` from 16 random bytes the caller draws (`os.urandom(16)`): the core's form.
#[pyfunction]
pub fn portal_message_id(random: [u8; 16]) -> String {
    hocba_core::exchange::message_id(random)
}

/// A portal's reply, read by the core (`DecodeError` `portal_reply_unreadable` when it is not a
/// transaction reply), as a dict with the specification's field names.
#[pyfunction]
pub fn portal_reply<'py>(py: Python<'py>, body: &[u8], status: u16) -> PyResult<Bound<'py, PyAny>> {
    let reply = Response::from_json(body, status).map_err(|e| to_py(e.into()))?;
    let text = serde_json::to_string(&reply).map_err(|_| {
        to_py(hocba_core::exchange::ExchangeError::ReplyUnreadable { status }.into())
    })?;
    json_to_py(py, &text)
}
