//! The accept loop: HTTP/1.1 connections with a header-read timeout, an idle timeout, a small request-head
//! buffer and a cap on open connections, so that slow and idle clients cannot starve the server.
//!
//! `axum::serve` sets none of these, so connections are served here with hyper directly. HTTP/1.1 only:
//! browsers speak HTTP/2 only over TLS, which a load balancer or proxy in front ends (docs/scaling.md), and such
//! proxies speak HTTP/1.1 to the servers behind them; HTTP/2 in clear text (h2c) would be a second protocol with
//! its own limits to bound (streams, header lists, resets, pings) for no client that uses it. A connection that
//! opens with the HTTP/2 preface is closed without an answer.

use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderValue, Request, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::error::Refusal;
use super::headers::insert_security_headers;
use crate::domain::lang::Lang;

/// `YIDI_MAX_CONNECTIONS` unless set: far more than a server answering in milliseconds has in use at once
/// (a browser opens at most six), few enough that all of them fit in about 100 MiB at the worst (a connection
/// holding an unfinished 15 KiB head measured 25 KiB; tests/slow_clients.rs).
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// `YIDI_HEADER_TIMEOUT_SECONDS` unless set: a request head is a few hundred bytes, sent at once.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// `YIDI_IDLE_TIMEOUT_SECONDS` unless set: a browser sends a page's next request within milliseconds.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// The most a request head (request line and headers) may take. Past it hyper answers 431 and closes, so an
/// unfinished head holds at most this much memory. 16 KiB is Node.js's default and twice nginx's usual 8 KiB
/// buffer; a browser's head is under 2 KiB.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Descriptors kept for what is not a connection: standard streams, the listener, the runtime, the SQLite files
/// of five connections or the PostgreSQL pool.
const RESERVED_DESCRIPTORS: u64 = 128;
/// How often a repeated event (a connection refused at the cap, a failed accept) is logged at most.
const REPORT_EVERY: Duration = Duration::from_secs(10);
/// How long to wait after a failed accept: when descriptors run out, the connection stays in the backlog and the
/// next accept would fail at once, in a loop.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// How many connections may be open, and how long a slow or silent one is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once; more are answered 503 and closed (see [`serve_on`]).
    pub max_connections: usize,
    /// The time a request's head may take to arrive in full, counted from when the connection is ready for
    /// a request (accepted, or its previous answer sent). hyper closes the connection past it, without an answer.
    pub header_timeout: Duration,
    /// A connection on which no request is being handled and no byte has moved either way for this long is
    /// closed: a kept-alive connection waiting for a next request, one that never sent anything, one whose
    /// client stopped reading its answer.
    pub idle_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting and waits for the requests in
/// flight to be answered. Each request carries `ConnectInfo<SocketAddr>`, the peer's address, which the
/// per-IP limit on writes reads.
pub async fn serve_on(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let room = open_files_limit().map_or(usize::MAX, room_for_connections);
    let cap = limits.max_connections.min(room);
    if cap < limits.max_connections {
        tracing::warn!(
            configured = limits.max_connections,
            cap,
            "the open files limit leaves room for fewer connections than YIDI_MAX_CONNECTIONS"
        );
    }
    tracing::info!(
        max_connections = cap,
        header_timeout_seconds = limits.header_timeout.as_secs(),
        idle_timeout_seconds = limits.idle_timeout.as_secs(),
        max_head_bytes = MAX_HEAD_BYTES,
        "accepting HTTP/1.1 connections"
    );
    let open = Arc::new(Semaphore::new(cap));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let busy = busy_answer();
    let graceful = GracefulShutdown::new();
    let mut refused = Reports::default();
    let mut failed = Reports::default();
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) if is_connection_error(&err) => continue,
            Err(err) => {
                if let Some(times) = failed.note(Instant::now()) {
                    tracing::warn!(%err, times, "cannot accept connections");
                }
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            // At the cap: accept, answer 503 at once without reading the request, and close. Left in the
            // kernel's backlog instead, the connection would wait unanswered with no sign that the server is full,
            // and a load balancer would not learn to send it elsewhere. A client still sending its request may
            // see the close as a reset before it reads the 503.
            let _ = stream.try_write(&busy);
            drop(stream);
            if let Some(times) = refused.note(Instant::now()) {
                tracing::warn!(
                    times,
                    max_connections = cap,
                    "connections refused: the server is at its cap of open connections"
                );
            }
            continue;
        };
        if let Some(times) = refused.due(Instant::now()) {
            tracing::warn!(
                times,
                max_connections = cap,
                "connections refused: the server is at its cap of open connections"
            );
        }
        // Without TCP_NODELAY a response written in two parts (the headers, then a file's body) waits for the
        // client's delayed ACK: about 40 ms on every static file over a kept-alive connection.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set on a connection");
        }
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Watched {
            inner: stream,
            activity: Arc::clone(&activity),
        });
        let service = {
            let (router, activity) = (router.clone(), Arc::clone(&activity));
            hyper::service::service_fn(move |request: Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                let handling = Handling::start(&activity);
                let router = router.clone();
                async move {
                    let response = router.oneshot(request).await;
                    drop(handling);
                    response
                }
            })
        };
        let connection = graceful.watch(http.serve_connection(io, service));
        let idle_timeout = limits.idle_timeout;
        tokio::spawn(async move {
            tokio::select! {
                result = connection => {
                    if let Err(error) = result {
                        tracing::trace!(%error, "connection ended");
                    }
                }
                () = idle(&activity, idle_timeout) => tracing::trace!("idle connection closed"),
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Resets and aborts a client makes before its connection is accepted are its own business.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// The bytes of the answer at the cap, made once: a 503 `server_busy` in the one error shape (its message in both
/// languages, since no request has been read to tell which), with the security headers and `Retry-After: 1`.
fn busy_answer() -> Vec<u8> {
    let body = Refusal::ServerBusy.bytes(Lang::Zh);
    let mut headers = HeaderMap::new();
    insert_security_headers(&mut headers);
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut raw = b"HTTP/1.1 503 Service Unavailable\r\n".to_vec();
    for (name, value) in &headers {
        raw.extend_from_slice(name.as_str().as_bytes());
        raw.extend_from_slice(b": ");
        raw.extend_from_slice(value.as_bytes());
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(&body);
    raw
}

/// What a connection is doing, for its idle timeout: when a byte last moved, and how many requests are being
/// handled (a handler may wait on the database or a slow body without any byte moving).
struct Activity {
    started: Instant,
    /// Milliseconds from `started` to the last byte read or written, or the last handler's end.
    last: AtomicU64,
    handling: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            started: Instant::now(),
            last: AtomicU64::new(0),
            handling: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let millis = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(millis, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.started + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// A request being handled on a connection, from the call of the router until its answer's head is ready.
struct Handling(Arc<Activity>);

impl Handling {
    fn start(activity: &Arc<Activity>) -> Handling {
        activity.handling.fetch_add(1, Ordering::Relaxed);
        Handling(Arc::clone(activity))
    }
}

impl Drop for Handling {
    fn drop(&mut self) {
        // The end of a handler counts as activity: the idle time of a slow answer starts when it is ready.
        self.0.touch();
        self.0.handling.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Completes once the connection has been idle for `limit`: nothing handled and no byte moved either way.
async fn idle(activity: &Activity, limit: Duration) {
    loop {
        let now = Instant::now();
        let wake = if activity.handling.load(Ordering::Relaxed) > 0 {
            now + limit
        } else {
            let deadline = activity.last() + limit;
            if deadline <= now {
                return;
            }
            deadline
        };
        tokio::time::sleep_until(wake.into()).await;
    }
}

/// A socket that notes in its connection's [`Activity`] every time bytes move.
struct Watched<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Counts an event that may repeat thousands of times a second and says when to log it: the first at once,
/// then at most once per [`REPORT_EVERY`], with how many times it happened since the last report.
#[derive(Default)]
struct Reports {
    unreported: u64,
    last: Option<Instant>,
}

impl Reports {
    /// Counts one event; `Some(count)` when it is time to log the count.
    fn note(&mut self, now: Instant) -> Option<u64> {
        self.unreported += 1;
        self.due(now)
    }

    /// `Some(count)` when events are unreported and the last report is old enough.
    fn due(&mut self, now: Instant) -> Option<u64> {
        let recent = self
            .last
            .is_some_and(|last| now.duration_since(last) < REPORT_EVERY);
        if self.unreported == 0 || recent {
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.unreported))
    }
}

/// How many connections `open_files` descriptors leave room for: each connection may hold its socket and a
/// file it is sending.
fn room_for_connections(open_files: u64) -> usize {
    usize::try_from(open_files.saturating_sub(RESERVED_DESCRIPTORS) / 2).unwrap_or(usize::MAX)
}

/// The limit on open descriptors before and after [`raise_open_files_limit`], and the most it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFiles {
    pub before: u64,
    pub now: u64,
    pub hard: u64,
}

/// Raises this process's soft limit on open descriptors (RLIMIT_NOFILE) to its hard limit: the usual soft
/// default of 1024 would run out long before the connection cap.
#[cfg(unix)]
pub fn raise_open_files_limit() -> io::Result<OpenFiles> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives on this stack.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let before = limit.rlim_cur;
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(OpenFiles {
        before,
        now: limit.rlim_max,
        hard: limit.rlim_max,
    })
}

#[cfg(not(unix))]
pub fn raise_open_files_limit() -> io::Result<OpenFiles> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no descriptor limit to raise here",
    ))
}

/// The soft limit on open descriptors in force, if the system has one.
#[cfg(unix)]
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives on this stack.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    (read && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

#[cfg(not(unix))]
fn open_files_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_event_is_reported_at_once_then_at_most_every_ten_seconds() {
        let mut reports = Reports::default();
        let start = Instant::now();
        assert_eq!(reports.due(start), None, "nothing happened yet");
        assert_eq!(reports.note(start), Some(1));
        for i in 1..=500 {
            assert_eq!(reports.note(start + Duration::from_millis(i)), None);
        }
        assert_eq!(reports.due(start + Duration::from_secs(9)), None);
        assert_eq!(reports.due(start + REPORT_EVERY), Some(500));
        assert_eq!(reports.due(start + REPORT_EVERY * 5), None, "all reported");
        assert_eq!(reports.note(start + REPORT_EVERY * 5), Some(1));
    }

    #[test]
    fn each_connection_may_hold_two_descriptors_beyond_the_reserve() {
        assert_eq!(room_for_connections(1024), 448);
        assert_eq!(room_for_connections(1_048_576), 524_224);
        assert_eq!(room_for_connections(100), 0);
    }

    #[tokio::test]
    async fn idle_waits_while_a_request_is_handled_and_counts_from_its_end() {
        let activity = Arc::new(Activity::new());
        let limit = Duration::from_millis(200);
        let handling = Handling::start(&activity);
        let waited = tokio::time::timeout(limit * 4, idle(&activity, limit)).await;
        assert!(waited.is_err(), "idle while a handler runs");
        drop(handling);
        let started = Instant::now();
        idle(&activity, limit).await;
        let waited = started.elapsed();
        assert!(waited >= limit && waited < limit * 3, "{waited:?}");
    }

    #[test]
    fn the_answer_at_the_cap_is_a_503_in_the_one_shape_with_the_security_headers() {
        let raw = String::from_utf8(busy_answer()).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["error"]["code"], "server_busy");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("try again")
        );
        assert!(
            head.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{head}"
        );
        for line in [
            "content-security-policy: default-src 'self';",
            "x-content-type-options: nosniff",
            "retry-after: 1",
            "connection: close",
            "content-type: application/json",
        ] {
            assert!(head.contains(line), "{line} missing in {head}");
        }
    }
}
