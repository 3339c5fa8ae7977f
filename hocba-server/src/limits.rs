//! Rate limits: a token bucket per key (an account for the transactions, a client address for
//! the lookup page), in memory.

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
        if self.per_minute == 0.0 {
            return true;
        }
        let now = Instant::now();
        // A poisoned lock only means another request panicked mid-update; the map is still usable.
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS && !map.contains_key(key) {
            map.clear();
        }
        let (tokens, last) = map.entry(key.to_owned()).or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.per_minute / 60.0;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
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
}
