//! Rate limits: a token bucket per key (an authenticated account's transactions, a client
//! address's failed authentications and lookups), in memory (ADR 0234).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Most keys remembered; past this the bucket map is cleared (everyone starts with a full
/// bucket again), which bounds memory under a flood of addresses.
const MAX_KEYS: usize = 100_000;

/// A token bucket per key: `burst` requests at once, refilled at `per_minute`.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// `per_minute` sustained, `burst` at once. `per_minute == 0` disables the limit.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`; false when the bucket is empty.
    pub fn allow(&self, key: &str) -> bool {
        self.take(key, true)
    }

    /// Whether `key`'s bucket holds a token now, without taking it: a limit charged only for
    /// some outcomes (a failed authentication) is checked with this before the work and charged
    /// with [`Self::allow`] after it.
    pub fn has_token(&self, key: &str) -> bool {
        self.take(key, false)
    }

    fn take(&self, key: &str, consume: bool) -> bool {
        if self.per_minute == 0.0 {
            return true;
        }
        let now = Instant::now();
        // A poisoned lock only means another request panicked mid-update; the map is still usable.
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !map.contains_key(key) {
            if !consume {
                return true;
            }
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        let (tokens, last) = map.entry(key.to_owned()).or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.per_minute / 60.0;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            if consume {
                *tokens -= 1.0;
            }
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refused_per_key() {
        let r = RateLimiter::new(1, 3);
        assert!(r.allow("a") && r.allow("a") && r.allow("a"));
        assert!(
            !r.allow("a"),
            "the fourth within the same instant is refused"
        );
        assert!(r.allow("b"), "another key has its own bucket");
        let off = RateLimiter::new(0, 1);
        assert!((0..100).all(|_| off.allow("a")));
    }

    #[test]
    fn has_token_does_not_take_one() {
        let r = RateLimiter::new(1, 2);
        assert!(r.has_token("a") && r.has_token("a") && r.has_token("a"));
        assert!(r.allow("a") && r.allow("a"));
        assert!(!r.has_token("a"), "two taken of a burst of two");
        assert!(!r.allow("a"));
        assert!(r.has_token("b"));
    }
}
