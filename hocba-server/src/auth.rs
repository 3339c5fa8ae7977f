//! Accounts: how a unit's `token`, `user_name` and password are issued and checked (ADR 0102).
//!
//! - The portal issues the token (32 random bytes, hex) and the password (16 random bytes,
//!   hex) once, when the account is created; neither is stored. It keeps the SHA-256 of the
//!   token (a 256-bit random value needs no slow hash) and an Argon2id hash, with a random salt,
//!   of the password's wire form — the SHA-256 hex the specification sends, which is therefore
//!   only a transport form: a leaked database does not give it away.
//! - A request is accepted when the account exists and is enabled, acts for the `ma_don_vi` it
//!   names, the token matches and the password verifies. Every failure gives the same answer
//!   (`auth_failed`), so a caller learns nothing about which part was wrong.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

/// SHA-256 hex of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `n` random bytes from the operating system, hex.
pub fn random_hex(n: usize) -> Result<String, getrandom::Error> {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b)?;
    Ok(hex::encode(b))
}

/// The Argon2id hash (PHC string) of a wire password, with a fresh random salt.
pub fn hash_password(wire: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(wire.to_ascii_lowercase().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `wire` matches the stored Argon2 hash (slow on purpose: call it off the async
/// threads).
pub fn verify_password(wire: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(wire.to_ascii_lowercase().as_bytes(), &h)
            .is_ok()
    })
}

/// Constant-time equality of two hex strings.
pub fn ct_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use hocba_core::exchange::password_wire;

    #[test]
    fn password_hash_is_salted_and_checks_the_wire_form() {
        let wire = password_wire("mật khẩu");
        let a = hash_password(&wire).unwrap();
        let b = hash_password(&wire).unwrap();
        assert_ne!(a, b, "a fresh salt each time");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password(&wire, &a));
        assert!(
            verify_password(&wire.to_ascii_uppercase(), &a),
            "hex case does not matter"
        );
        assert!(!verify_password(&password_wire("other"), &a));
        assert!(!verify_password(&wire, "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_compared_in_constant_time() {
        let t = random_hex(32).unwrap();
        assert_eq!(t.len(), 64);
        assert_ne!(t, random_hex(32).unwrap());
        assert!(ct_eq(&token_hash(&t), &token_hash(&t)));
        assert!(!ct_eq(&token_hash(&t), &token_hash("x")));
    }
}
