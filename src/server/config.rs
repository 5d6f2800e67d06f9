//! Server settings, read once from the environment.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use super::listen::ConnectionLimits;
use super::store::DEFAULT_POOL_SIZE;

/// Where filings are kept: the embedded SQLite file (the default), or a PostgreSQL server.
#[derive(Debug, Clone)]
pub enum Database {
    /// `YIDI_DATABASE`: the SQLite file, created if missing (default `var/yidi.sqlite3`).
    Sqlite(PathBuf),
    /// `DATABASE_URL` (`postgres://user:password@host:port/dbname`; its `Debug` hides the password), and
    /// `YIDI_DATABASE_POOL`, the most connections this server opens to it.
    Postgres {
        config: Box<tokio_postgres::Config>,
        pool_size: usize,
    },
}

/// Where to listen and which files to use. Every field has a default that works from the repository root.
#[derive(Debug, Clone)]
pub struct Config {
    /// `YIDI_HOST` (default 127.0.0.1) and `YIDI_PORT` (default 8080).
    pub addr: SocketAddr,
    /// `DATABASE_URL` when set, else the SQLite file `YIDI_DATABASE`.
    pub database: Database,
    /// `YIDI_DIST`: the built web app (default `dist`).
    pub dist: PathBuf,
    /// `YIDI_DATA`: the shared policy data (default `public/data`).
    pub data_dir: PathBuf,
    /// `YIDI_MAX_CONNECTIONS`, `YIDI_HEADER_TIMEOUT_SECONDS` and `YIDI_IDLE_TIMEOUT_SECONDS`: how many
    /// connections may be open and how long a slow or silent one is kept.
    pub connections: ConnectionLimits,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let host: IpAddr = match lookup("YIDI_HOST") {
            Some(host) => host
                .parse()
                .map_err(|_| format!("YIDI_HOST must be an IP address, got `{host}`"))?,
            None => IpAddr::V4(Ipv4Addr::LOCALHOST),
        };
        let port: u16 = match lookup("YIDI_PORT") {
            Some(port) => port
                .parse()
                .map_err(|_| format!("YIDI_PORT must be a port number, got `{port}`"))?,
            None => 8080,
        };
        let path =
            |key: &str, default: &str| PathBuf::from(lookup(key).unwrap_or_else(|| default.into()));
        let database = match lookup("DATABASE_URL") {
            Some(url) => Database::Postgres {
                config: Box::new(parse_postgres_url(&url)?),
                pool_size: match lookup("YIDI_DATABASE_POOL") {
                    None => DEFAULT_POOL_SIZE,
                    Some(raw) => raw
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(|| {
                            format!("YIDI_DATABASE_POOL must be 1 to 1000 connections, got `{raw}`")
                        })?,
                },
            },
            None => Database::Sqlite(path("YIDI_DATABASE", "var/yidi.sqlite3")),
        };
        let defaults = ConnectionLimits::default();
        let seconds = |key: &str, default: Duration| {
            number(&lookup, key, default.as_secs(), 1..=3600, "seconds").map(Duration::from_secs)
        };
        let connections = ConnectionLimits {
            max_connections: number(
                &lookup,
                "YIDI_MAX_CONNECTIONS",
                defaults.max_connections,
                1..=1_000_000,
                "connections",
            )?,
            header_timeout: seconds("YIDI_HEADER_TIMEOUT_SECONDS", defaults.header_timeout)?,
            idle_timeout: seconds("YIDI_IDLE_TIMEOUT_SECONDS", defaults.idle_timeout)?,
        };
        Ok(Config {
            addr: SocketAddr::new(host, port),
            database,
            dist: path("YIDI_DIST", "dist"),
            data_dir: path("YIDI_DATA", "public/data"),
            connections,
        })
    }
}

/// The whole number `key` holds, within `range`; `default` when unset.
fn number<N>(
    lookup: impl Fn(&str) -> Option<String>,
    key: &str,
    default: N,
    range: std::ops::RangeInclusive<N>,
    unit: &str,
) -> Result<N, String>
where
    N: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let Some(raw) = lookup(key) else {
        return Ok(default);
    };
    raw.trim()
        .parse::<N>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            format!(
                "{key} must be {} to {} {unit}, got `{raw}`",
                range.start(),
                range.end()
            )
        })
}

/// Parses a `postgres://` URL; the message on failure never repeats the URL, which holds the password.
fn parse_postgres_url(url: &str) -> Result<tokio_postgres::Config, String> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err("DATABASE_URL must be a postgres:// URL (for SQLite, leave it unset and set YIDI_DATABASE)".into());
    }
    url.parse::<tokio_postgres::Config>()
        .map_err(|_| "DATABASE_URL is not a valid postgres:// URL".into())
}

impl Database {
    /// Which store and where, for the log: the PostgreSQL user, hosts and database name, never the password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("SQLite {}", path.display()),
            Database::Postgres { config, .. } => {
                let hosts: Vec<String> = config
                    .get_hosts()
                    .iter()
                    .zip(config.get_ports().iter().chain(std::iter::repeat(&5432)))
                    .map(|(host, port)| match host {
                        tokio_postgres::config::Host::Tcp(name) => format!("{name}:{port}"),
                        tokio_postgres::config::Host::Unix(dir) => {
                            format!("{}:{port}", dir.display())
                        }
                    })
                    .collect();
                format!(
                    "PostgreSQL {}@{}/{}",
                    config.get_user().unwrap_or("-"),
                    hosts.join(","),
                    config.get_dbname().unwrap_or("-")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_loopback_8080() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert!(
            matches!(&config.database, Database::Sqlite(path) if path == &PathBuf::from("var/yidi.sqlite3"))
        );
    }

    #[test]
    fn database_url_chooses_postgres_and_never_shows_the_password() {
        let url = "postgres://yidi:s3cret-pw@db.internal:6432/filings";
        let config = Config::from_lookup(|k| (k == "DATABASE_URL").then(|| url.into())).unwrap();
        let Database::Postgres {
            config: pg,
            pool_size,
        } = &config.database
        else {
            panic!("DATABASE_URL must choose PostgreSQL");
        };
        assert_eq!(pg.get_password(), Some("s3cret-pw".as_bytes()));
        assert_eq!(*pool_size, DEFAULT_POOL_SIZE);
        let described = config.database.describe();
        assert_eq!(described, "PostgreSQL yidi@db.internal:6432/filings");
        assert!(!format!("{config:?}").contains("s3cret-pw"));
    }

    #[test]
    fn a_bad_database_url_is_refused_without_echoing_it() {
        for url in [
            "mysql://u:s3cret-pw@h/db",
            "postgres://u:s3cret-pw@h:notaport/db",
        ] {
            let err =
                Config::from_lookup(|k| (k == "DATABASE_URL").then(|| url.into())).unwrap_err();
            assert!(
                err.contains("DATABASE_URL") && !err.contains("s3cret-pw"),
                "{err}"
            );
        }
    }

    #[test]
    fn connection_limits_default_and_read_their_variables() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.connections, ConnectionLimits::default());
        assert_eq!(config.connections.max_connections, 4096);
        assert_eq!(config.connections.header_timeout, Duration::from_secs(10));
        assert_eq!(config.connections.idle_timeout, Duration::from_secs(5));
        let config = Config::from_lookup(|key| match key {
            "YIDI_MAX_CONNECTIONS" => Some("20000".into()),
            "YIDI_HEADER_TIMEOUT_SECONDS" => Some(" 3 ".into()),
            "YIDI_IDLE_TIMEOUT_SECONDS" => Some("1".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            config.connections,
            ConnectionLimits {
                max_connections: 20_000,
                header_timeout: Duration::from_secs(3),
                idle_timeout: Duration::from_secs(1),
            }
        );
        for (key, raw) in [
            ("YIDI_MAX_CONNECTIONS", "0"),
            ("YIDI_MAX_CONNECTIONS", "many"),
            ("YIDI_HEADER_TIMEOUT_SECONDS", "0"),
            ("YIDI_IDLE_TIMEOUT_SECONDS", "1.5"),
            ("YIDI_IDLE_TIMEOUT_SECONDS", "3601"),
        ] {
            let err = Config::from_lookup(|k| (k == key).then(|| raw.into())).unwrap_err();
            assert!(err.contains(key) && err.contains(raw), "{err}");
        }
    }

    #[test]
    fn rejects_a_bad_port_by_name() {
        let err = Config::from_lookup(|k| (k == "YIDI_PORT").then(|| "eighty".into())).unwrap_err();
        assert!(err.contains("YIDI_PORT"), "{err}");
    }
}
