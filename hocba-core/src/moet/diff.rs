//! Which fields differ between two records, as model paths (for [`super::not_carried`]).

use serde_json::Value;

use crate::model::YearRecord;

/// The paths at which `a` and `b` differ, through their JSON forms (the documented field names).
pub(super) fn year_record(a: &YearRecord, b: &YearRecord) -> Vec<String> {
    let (Ok(a), Ok(b)) = (serde_json::to_value(a), serde_json::to_value(b)) else {
        return vec![String::from("(record)")];
    };
    let mut out = Vec::new();
    walk(String::new(), &a, &b, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: String, a: &Value, b: &Value, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                walk(join(&path, k), va, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                walk(format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ => out.push(path),
    }
}
