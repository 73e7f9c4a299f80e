//! Per-kiosk request rate limit: a token bucket for each kiosk id, refilled at `per_second`
//! and holding at most twice that (a burst: a visit is two requests, an outbox replay more).
//! A kiosk over its rate is answered `rate_limited` (HTTP 429) and tries again later; one
//! busy or compromised kiosk cannot take the gateway from the others.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

pub struct RateLimit {
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    /// `per_second` requests a second for each kiosk; 0: no limit.
    pub fn new(per_second: u32) -> Self {
        RateLimit {
            per_second: f64::from(per_second),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn burst(&self) -> f64 {
        2.0 * self.per_second
    }

    /// Takes one request from `kiosk`'s bucket; `false` when it is empty.
    pub fn admit(&self, kiosk: &str, now: Instant) -> bool {
        if self.per_second == 0.0 {
            return true;
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = buckets.entry(kiosk.to_owned()).or_insert(Bucket {
            tokens: self.burst(),
            at: now,
        });
        let refill = now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.burst());
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_rate_for_each_kiosk() {
        let limit = RateLimit::new(5);
        let t0 = Instant::now();
        let admitted = (0..30).filter(|_| limit.admit("a", t0)).count();
        assert_eq!(admitted, 10, "the burst is twice the rate");
        assert!(limit.admit("b", t0), "another kiosk has its own bucket");
        assert!(!limit.admit("a", t0 + Duration::from_millis(100)));
        assert!(
            limit.admit("a", t0 + Duration::from_millis(200)),
            "one more after 1/5 s"
        );
        let later = t0 + Duration::from_secs(60);
        assert_eq!((0..30).filter(|_| limit.admit("a", later)).count(), 10);
    }

    #[test]
    fn zero_is_no_limit() {
        let limit = RateLimit::new(0);
        let t0 = Instant::now();
        assert!((0..10_000).all(|_| limit.admit("a", t0)));
    }
}
