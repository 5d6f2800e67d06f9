//! Slow and idle clients against the real `yidi` binary: a thousand connections that never finish their request
//! do not keep `/api/health` from answering, unfinished heads of 350 KB take little memory, silent and trickling
//! connections are closed after their timeouts, and past the connection cap a client is told 503 at once.
//! Run with `--nocapture` to see the measured latencies and memory.

mod api_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use api_support::{Binary, spawn_binary, spawn_binary_with};

/// Clears its flag when dropped, so that a helper thread looping on it stops even when the test panics (a
/// scoped thread that never stops would keep the test from ending).
struct Running<'a>(&'a AtomicBool);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// The server's resident memory, from `/proc/PID/status`, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

/// Descriptors the server holds open.
fn open_descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

/// This test opens more than the usual 1,024 descriptors: raise its own limit as the server raises its own.
fn raise_own_descriptor_limit(needed: u64) {
    let files = yidi::server::raise_open_files_limit().expect("the open files limit");
    assert!(
        files.now >= needed,
        "this test needs {needed} open files; the hard limit is {}",
        files.hard
    );
}

fn addr(server: &Binary) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the connection or `limit` passes; what came, and whether it closed.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return (received, true),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return (received, false);
            }
            // A reset is a close too.
            Err(_) => return (received, true),
        }
    }
}

/// One `GET /api/health` on a new connection; how long it took to answer 200.
fn health(addr: &str) -> Duration {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(10));
    let elapsed = started.elapsed();
    assert!(closed, "no end to the health answer");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    elapsed
}

fn median_and_max(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

/// What the server logged, without the terminal colours around its fields.
fn log_of(server: &Binary) -> String {
    let raw = std::fs::read_to_string(&server.stdout).unwrap()
        + &std::fs::read_to_string(&server.stderr).unwrap();
    let mut plain = String::with_capacity(raw.len());
    let mut rest = raw.as_str();
    while let Some(start) = rest.find('\x1b') {
        plain.push_str(&rest[..start]);
        rest = rest[start..].split_once('m').map_or("", |(_, after)| after);
    }
    plain.push_str(rest);
    plain
}

fn stop(mut server: Binary) -> String {
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    log_of(&server)
}

fn start(dir: &Path, env: &[(&str, &str)]) -> Binary {
    spawn_binary(dir, &dir.join("slow.sqlite3"), env)
}

/// How many slow connections are held: the outside tester's 1,100, past the usual limit of 1,024 descriptors.
const SLOW: usize = 1_100;

/// The tester's findings on one server with the default cap, started as the tester ran it, with a soft limit of
/// 1,024 open files: 300 heads of 350 KB that never end; 300 unfinished heads just under the 16 KiB buffer, held;
/// then 1,100 connections that sent a request line (half of them trickling more) while `/api/health` is timed.
/// The timeouts are long here so that the slow connections stay open while they are measured.
#[test]
fn health_answers_within_a_second_while_a_thousand_slow_clients_hold_connections() {
    raise_own_descriptor_limit(2_000);
    let dir = tempfile::tempdir().unwrap();
    let server = spawn_binary_with(
        dir.path(),
        &dir.path().join("slow.sqlite3"),
        &[
            ("YIDI_HEADER_TIMEOUT_SECONDS", "60"),
            ("YIDI_IDLE_TIMEOUT_SECONDS", "60"),
            ("RUST_LOG", "yidi=info"),
        ],
        |command| {
            use std::os::unix::process::CommandExt;
            // SAFETY: between fork and exec the closure only calls getrlimit and setrlimit, which are
            // async-signal-safe and touch only the struct on its stack.
            unsafe {
                command.pre_exec(|| {
                    let mut limit = libc::rlimit {
                        rlim_cur: 0,
                        rlim_max: 0,
                    };
                    if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    limit.rlim_cur = limit.rlim_cur.min(1024);
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        },
    );
    let pid = server.child.id();
    let addr = addr(&server);
    health(&addr);
    let baseline = rss_kib(pid);

    // 300 heads of 350 KB, none ever ended: each is cut off at the 16 KiB head buffer.
    let mut head = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0.. {
        if head.len() >= 350 * 1024 {
            break;
        }
        head.extend_from_slice(format!("X-Pad-{i}: {}\r\n", "p".repeat(4000)).as_bytes());
    }
    let sampling = AtomicBool::new(true);
    let (outcomes, peak) = std::thread::scope(|scope| {
        let running = Running(&sampling);
        let sampler = scope.spawn(|| {
            let mut peak = 0;
            while sampling.load(Ordering::Relaxed) {
                peak = peak.max(rss_kib(pid));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        let clients: Vec<_> = (0..300)
            .map(|_| {
                let (addr, head) = (&addr, &head);
                scope.spawn(move || {
                    let mut stream = TcpStream::connect(addr).unwrap();
                    stream
                        .set_write_timeout(Some(Duration::from_secs(10)))
                        .unwrap();
                    // The server stops reading at its buffer's end, so this write may fail: that is the point.
                    let _ = stream.write_all(head);
                    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(10));
                    (answer, closed, stream)
                })
            })
            .collect();
        let outcomes: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        drop(running);
        (outcomes, sampler.join().unwrap())
    });
    let answered_431 = outcomes
        .iter()
        .filter(|(answer, _, _)| answer.starts_with(b"HTTP/1.1 431"))
        .count();
    for (answer, closed, _) in &outcomes {
        assert!(
            *closed,
            "a 350 KB head was neither refused nor closed: {}",
            String::from_utf8_lossy(answer)
        );
        assert!(
            answer.is_empty() || answer.starts_with(b"HTTP/1.1 431"),
            "{}",
            String::from_utf8_lossy(answer)
        );
    }
    drop(outcomes);
    let grown = peak.saturating_sub(baseline);
    println!(
        "300 unfinished heads of 350 KB: {answered_431} answered 431, the rest closed; server RSS {} MiB before, \
         {} MiB at the peak (+{:.1} MiB)",
        baseline / 1024,
        peak / 1024,
        grown as f64 / 1024.0
    );
    assert!(grown < 40 * 1024, "the server grew by {grown} KiB");

    // 300 heads of 15 KiB, just under the buffer, unfinished and held: the most memory a slow head can hold.
    let mut head = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0.. {
        let line = format!("X-Pad-{i}: {}\r\n", "p".repeat(1000));
        if head.len() + line.len() > 15 * 1024 {
            break;
        }
        head.extend_from_slice(line.as_bytes());
    }
    let held: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            stream.write_all(&head).unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let rss_heads = rss_kib(pid);
    let open_heads = open_descriptors(pid);
    let grown_heads = rss_heads.saturating_sub(baseline);
    println!(
        "300 unfinished heads of 15 KiB held open ({open_heads} server descriptors): server RSS {} MiB (+{:.1} MiB)",
        rss_heads / 1024,
        grown_heads as f64 / 1024.0
    );
    assert!(open_heads >= 300, "{open_heads} descriptors");
    assert!(
        grown_heads < 40 * 1024,
        "the server grew by {grown_heads} KiB"
    );
    drop(held);

    // 1,100 connections that sent a request line and nothing more, or trickle a byte at a time.
    let slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            stream
        })
        .collect();
    let trickling = AtomicBool::new(true);
    let (times, held, rss_held) = std::thread::scope(|scope| {
        let running = Running(&trickling);
        scope.spawn(|| {
            while trickling.load(Ordering::Relaxed) {
                for mut stream in slow.iter().skip(SLOW / 2) {
                    let _ = stream.write_all(b"x");
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        // Give the server a moment to accept them all, then time health checks among them.
        std::thread::sleep(Duration::from_millis(500));
        let held = open_descriptors(pid);
        let times: Vec<Duration> = (0..40)
            .map(|_| {
                let took = health(&addr);
                std::thread::sleep(Duration::from_millis(50));
                took
            })
            .collect();
        let rss_held = rss_kib(pid);
        drop(running);
        (times, held, rss_held)
    });
    let still_held = open_descriptors(pid);
    drop(slow);
    let log = stop(server);
    let (median, max) = median_and_max(times);
    println!(
        "{SLOW} slow connections held open (server descriptors {held} before timing, {still_held} after): \
         /api/health median {:.1} ms, max {:.1} ms over 40 requests; server RSS {} MiB",
        median.as_secs_f64() * 1000.0,
        max.as_secs_f64() * 1000.0,
        rss_held / 1024
    );
    assert!(
        held >= SLOW && still_held >= SLOW,
        "the slow connections were not held: {held}, {still_held} descriptors"
    );
    assert!(
        max < Duration::from_secs(1),
        "health took {max:?} among slow connections"
    );
    assert!(log.contains("open files limit before=1024"), "{log}");
    assert!(log.contains("accepting HTTP/1.1 connections"), "{log}");
    assert!(!log.contains("connections refused"), "{log}");
}

/// With an idle timeout of 1 s and a header timeout of 4 s: a kept-alive connection that sends nothing after its
/// answer, and one that never sends anything, are closed after about a second; a head trickled a byte at a time
/// (so never idle) is cut at the header timeout, without an answer.
#[test]
fn silent_connections_close_after_the_idle_timeout_and_trickled_heads_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(
        dir.path(),
        &[
            ("YIDI_IDLE_TIMEOUT_SECONDS", "1"),
            ("YIDI_HEADER_TIMEOUT_SECONDS", "4"),
        ],
    );
    let addr = addr(&server);
    let within = |took: Duration, from: f64, to: f64| {
        assert!(
            took >= Duration::from_secs_f64(from) && took < Duration::from_secs_f64(to),
            "{took:?} is not within {from}..{to} s"
        );
    };

    let kept_alive = std::thread::scope(|scope| {
        let kept_alive = scope.spawn(|| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            stream
                .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut answer = Vec::new();
            let mut buffer = [0u8; 4096];
            // Read up to the end of the answer's body, which says its length.
            let answered = loop {
                let n = stream.read(&mut buffer).unwrap();
                assert!(n > 0, "closed before answering");
                answer.extend_from_slice(&buffer[..n]);
                let text = String::from_utf8_lossy(&answer).into_owned();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .unwrap()
                        .parse()
                        .unwrap();
                    if body.len() >= length {
                        break Instant::now();
                    }
                }
            };
            assert!(answer.starts_with(b"HTTP/1.1 200"));
            let (more, closed) = read_until_closed(&mut stream, Duration::from_secs(10));
            assert!(
                closed && more.is_empty(),
                "{}",
                String::from_utf8_lossy(&more)
            );
            answered.elapsed()
        });
        let never_sent = scope.spawn(|| {
            let started = Instant::now();
            let mut stream = TcpStream::connect(&addr).unwrap();
            let (more, closed) = read_until_closed(&mut stream, Duration::from_secs(10));
            assert!(closed && more.is_empty());
            started.elapsed()
        });
        let trickled = scope.spawn(|| {
            let started = Instant::now();
            let mut stream = TcpStream::connect(&addr).unwrap();
            // A byte every 250 ms: never idle for a second, and the head is never complete.
            stream
                .set_read_timeout(Some(Duration::from_millis(250)))
                .unwrap();
            let head = format!(
                "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: {}",
                "s".repeat(200)
            );
            for byte in head.bytes() {
                if stream.write_all(&[byte]).is_err() {
                    return started.elapsed();
                }
                let mut buffer = [0u8; 64];
                match stream.read(&mut buffer) {
                    Ok(0) => return started.elapsed(),
                    Ok(n) => panic!("an answer to a trickled head: {:?}", &buffer[..n]),
                    Err(err)
                        if matches!(
                            err.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => return started.elapsed(),
                }
            }
            panic!("the trickled head was never cut off");
        });
        (
            kept_alive.join().unwrap(),
            never_sent.join().unwrap(),
            trickled.join().unwrap(),
        )
    });
    let (idle_after_answer, never_sent, trickled) = kept_alive;
    let log = stop(server);
    println!(
        "idle timeout 1 s: a kept-alive connection closed {:.2} s after its answer, a silent one after {:.2} s; \
         header timeout 4 s: a trickled head cut after {:.2} s",
        idle_after_answer.as_secs_f64(),
        never_sent.as_secs_f64(),
        trickled.as_secs_f64()
    );
    within(idle_after_answer, 0.9, 2.5);
    within(never_sent, 0.9, 2.5);
    within(trickled, 3.9, 6.0);
    assert!(log.contains("idle_timeout_seconds=1"), "{log}");
}

/// At the cap a new connection is answered 503 `server_busy` with the security headers at once, and the refusals are
/// logged once, not once each; when connections close, the server answers again.
#[test]
fn past_the_cap_a_connection_is_answered_503_at_once_and_logged_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(
        dir.path(),
        &[
            ("YIDI_MAX_CONNECTIONS", "20"),
            ("YIDI_IDLE_TIMEOUT_SECONDS", "60"),
            ("YIDI_HEADER_TIMEOUT_SECONDS", "60"),
        ],
    );
    let addr = addr(&server);
    // The binary's start-up check connected once; let the server see that connection close.
    std::thread::sleep(Duration::from_millis(200));
    let mut held: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..30 {
        let started = Instant::now();
        let mut stream = TcpStream::connect(&addr).unwrap();
        let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(5));
        let answer = String::from_utf8_lossy(&answer).into_owned();
        assert!(closed, "left open past the cap");
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(
            answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{answer}"
        );
        assert!(
            answer.contains("x-content-type-options: nosniff"),
            "{answer}"
        );
        assert!(answer.contains("retry-after: 1"), "{answer}");
        assert!(
            answer.contains("content-type: application/json"),
            "{answer}"
        );
        assert!(answer.ends_with(r#""field":null}}"#), "{answer}");
        assert!(
            answer.contains(r#"{"error":{"code":"server_busy""#),
            "{answer}"
        );
    }
    held.truncate(10);
    std::thread::sleep(Duration::from_millis(300));
    health(&addr);
    drop(held);
    let log = stop(server);
    let reports = log.matches("connections refused").count();
    assert_eq!(reports, 1, "{log}");
    assert!(log.contains("max_connections=20"), "{log}");
}

/// hyper has no write timeout: a client that asks for a large file and never reads it would keep its connection,
/// and its place under the cap, for ever. The idle timeout cuts it once nothing has moved for a second.
#[test]
fn a_client_that_stops_reading_its_answer_is_cut_after_the_idle_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let size = 32 * 1024 * 1024;
    std::fs::write(dir.path().join("large.bin"), vec![7u8; size]).unwrap();
    let server = start(
        dir.path(),
        &[
            ("YIDI_IDLE_TIMEOUT_SECONDS", "1"),
            ("YIDI_HEADER_TIMEOUT_SECONDS", "60"),
        ],
    );
    let pid = server.child.id();
    let mut stream = TcpStream::connect(addr(&server)).unwrap();
    stream
        .write_all(b"GET /large.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let open_while_stalled = open_descriptors(pid);
    // Reads nothing for three seconds: the socket buffers fill and the server's writes stall.
    std::thread::sleep(Duration::from_secs(3));
    let open_after = open_descriptors(pid);
    let (received, closed) = read_until_closed(&mut stream, Duration::from_secs(10));
    stop(server);
    println!(
        "a client that stopped reading a {} MiB file: cut after the idle timeout with {:.1} MiB delivered",
        size / (1024 * 1024),
        received.len() as f64 / (1024.0 * 1024.0)
    );
    assert!(closed, "the stalled answer was never cut");
    assert!(
        received.len() < size,
        "the whole file arrived: the test did not stall the server"
    );
    assert!(
        open_after < open_while_stalled,
        "the server still holds the connection and its file: {open_while_stalled} then {open_after} descriptors"
    );
}
