//! Server settings, read once from the environment.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// Where to listen and which files to use. Every field has a default that works from the repository root.
#[derive(Debug, Clone)]
pub struct Config {
    /// `YIDI_HOST` (default 127.0.0.1) and `YIDI_PORT` (default 8080).
    pub addr: SocketAddr,
    /// `YIDI_DATABASE`: the SQLite file, created if missing (default `var/yidi.sqlite3`).
    pub database: PathBuf,
    /// `YIDI_DIST`: the built web app (default `dist`).
    pub dist: PathBuf,
    /// `YIDI_DATA`: the shared policy data (default `public/data`).
    pub data_dir: PathBuf,
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
        Ok(Config {
            addr: SocketAddr::new(host, port),
            database: path("YIDI_DATABASE", "var/yidi.sqlite3"),
            dist: path("YIDI_DIST", "dist"),
            data_dir: path("YIDI_DATA", "public/data"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_loopback_8080() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database, PathBuf::from("var/yidi.sqlite3"));
    }

    #[test]
    fn rejects_a_bad_port_by_name() {
        let err = Config::from_lookup(|k| (k == "YIDI_PORT").then(|| "eighty".into())).unwrap_err();
        assert!(err.contains("YIDI_PORT"), "{err}");
    }
}
