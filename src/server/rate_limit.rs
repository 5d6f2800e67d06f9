//! A per-IP token bucket on writes, so one client cannot flood the filing store.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiError;
use super::extract::{lang_of, say};

/// Writes per minute per IP when `YIDI_WRITE_RATE` is not set.
pub const DEFAULT_WRITES_PER_MINUTE: u32 = 30;
/// Past this many remembered IPs, buckets that have refilled are forgotten (they would allow the same).
const PRUNE_ABOVE: usize = 10_000;

/// Each IP may write `per_minute` times a minute, and up to a minute's worth at once.
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub fn per_minute(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `YIDI_WRITE_RATE`: writes per minute per IP (default 30); the load benchmark raises it.
    pub fn from_env() -> Result<RateLimiter, String> {
        match std::env::var("YIDI_WRITE_RATE") {
            Err(_) => Ok(RateLimiter::per_minute(DEFAULT_WRITES_PER_MINUTE)),
            Ok(raw) => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .map(RateLimiter::per_minute)
                .ok_or_else(|| {
                    format!("YIDI_WRITE_RATE must be a positive number of writes per minute, got `{raw}`")
                }),
        }
    }

    /// Takes a token for `ip`, or says how long until one is free.
    fn take(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity
            });
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let refilled = now.duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refilled).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

/// Middleware for the write routes: 429 `rate_limited` with `Retry-After` when the client's bucket is empty.
pub async fn limit_writes(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    // Without connection info (a server not started by `serve`), all clients share one bucket.
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    match limiter.take(ip, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let lang = lang_of(request.headers());
            let seconds = wait.as_secs() + 1;
            let mut response = ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "rate_limited",
                message: say(
                    lang,
                    &format!("提交太频繁，请{seconds}秒后再试"),
                    &format!(
                        "Too many changes from your connection: try again in {seconds} seconds"
                    ),
                ),
                field: None,
            }
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_one_per_interval() {
        let limiter = RateLimiter::per_minute(3);
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(ip, start).is_ok());
        }
        let wait = limiter.take(ip, start).unwrap_err();
        assert!(
            wait > Duration::from_secs(19) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(limiter.take(ip, start + Duration::from_secs(20)).is_ok());
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        assert!(
            limiter.take(other, start).is_ok(),
            "each IP has its own bucket"
        );
    }
}
