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

/// Accounts whose token and password verified in the last [`AuthCache::TTL`]: a repeated
/// request with the same token, wire password and stored hash skips Argon2 (which costs 19 MiB
/// and tens of milliseconds). Keyed by user; the value is a SHA-256 of the three, so the cache
/// holds no secret. Bounded: cleared when full.
#[derive(Debug, Default)]
pub struct AuthCache {
    map: std::sync::Mutex<std::collections::HashMap<String, (String, std::time::Instant)>>,
}

impl AuthCache {
    /// How long a verification is remembered.
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(300);
    const MAX: usize = 10_000;

    fn key(token: &str, wire: &str, stored: &str) -> String {
        hex::encode(Sha256::digest(
            format!("{token}\n{}\n{stored}", wire.to_ascii_lowercase()).as_bytes(),
        ))
    }

    /// Whether this exact combination verified recently.
    pub fn hit(&self, user: &str, token: &str, wire: &str, stored: &str) -> bool {
        // A poisoned lock only means a panic elsewhere mid-insert; the map is still usable.
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(user).is_some_and(|(k, at)| {
            at.elapsed() < Self::TTL && ct_eq(k, &Self::key(token, wire, stored))
        })
    }

    /// Remembers a successful verification.
    pub fn remember(&self, user: &str, token: &str, wire: &str, stored: &str) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(
            user.to_owned(),
            (Self::key(token, wire, stored), std::time::Instant::now()),
        );
    }
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
    fn the_cache_remembers_only_the_exact_combination() {
        let c = AuthCache::default();
        assert!(!c.hit("u", "t", "w", "h"));
        c.remember("u", "t", "w", "h");
        assert!(c.hit("u", "t", "w", "h"));
        assert!(c.hit("u", "t", "W", "h"), "hex case of the wire form");
        assert!(!c.hit("u", "t", "x", "h"), "another password");
        assert!(!c.hit("u", "t2", "w", "h"), "another token");
        assert!(!c.hit("u", "t", "w", "h2"), "the stored hash changed");
        assert!(!c.hit("v", "t", "w", "h"), "another user");
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
