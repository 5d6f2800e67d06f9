//! Who is asking: the client's address that every limit counts against. Behind a load balancer or reverse proxy
//! named in `YIDI_TRUSTED_PROXIES`, it is the address that proxy saw, from `X-Forwarded-For`; from anyone else
//! that header is ignored, since a client can write what it likes in it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

/// The client's address, as [`identify`] found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client(pub IpAddr);

/// Addresses (`10.0.0.7`) and networks (`10.0.0.0/8`, `fd00::/8`) of the proxies whose `X-Forwarded-For` is
/// believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn parse(text: &str) -> Option<Network> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.trim().parse().ok()?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.trim().parse::<u8>().ok().filter(|p| *p <= bits)?,
            None => bits,
        };
        Some(Network { address, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        let (ours, theirs, bits) = match (self.address, canonical(address)) {
            (IpAddr::V4(a), IpAddr::V4(b)) => {
                (u128::from(a.to_bits()), u128::from(b.to_bits()), 32)
            }
            (IpAddr::V6(a), IpAddr::V6(b)) => (a.to_bits(), b.to_bits(), 128),
            _ => return false,
        };
        let shift = bits - u32::from(self.prefix);
        shift >= bits || (ours >> shift) == (theirs >> shift)
    }
}

/// An IPv4 client on a dual-stack socket arrives as `::ffff:a.b.c.d`: it is the same client as `a.b.c.d`.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

impl TrustedProxies {
    /// A comma-separated list of addresses and networks; an empty list trusts nobody.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                Network::parse(item).ok_or_else(|| {
                    format!("YIDI_TRUSTED_PROXIES: `{item}` is not an IP address or network such as 10.0.0.0/8")
                })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(address))
    }

    /// The client of a connection from `peer`: the peer itself, unless it is a trusted proxy; then the nearest
    /// address in `X-Forwarded-For` (read from the right, as each proxy appends) that is not a trusted proxy.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for value in headers.get_all("x-forwarded-for").iter().rev() {
            let Ok(value) = value.to_str() else {
                return client;
            };
            for hop in value.rsplit(',') {
                let Ok(address) = hop.trim().parse::<IpAddr>() else {
                    // A hop that is not an address ends what can be believed.
                    return client;
                };
                client = canonical(address);
                if !self.trusts(client) {
                    return client;
                }
            }
        }
        client
    }
}

/// Middleware over the whole router: finds the client once, for every limit and handler after it.
pub async fn identify(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    // Without connection info (a router not served with it), all clients count as one.
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let client = Client(trusted.client(peer, request.headers()));
    request.extensions_mut().insert(client);
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Client, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Client>()
            .copied()
            .unwrap_or(Client(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), &headers(&["1.2.3.4"])),
            ip("203.0.113.9")
        );
        let balancer = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            balancer.client(ip("198.51.100.1"), &headers(&["1.2.3.4"])),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7").unwrap();
        // The client wrote a false first hop; the balancer appended the address it saw.
        let forwarded = headers(&["6.6.6.6, 203.0.113.9", "192.0.2.7"]);
        assert_eq!(
            trusted.client(ip("10.1.2.3"), &forwarded),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client(ip("10.1.2.3"), &HeaderMap::new()),
            ip("10.1.2.3")
        );
        assert_eq!(
            trusted.client(ip("10.1.2.3"), &headers(&["garbage, 203.0.113.9"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client(ip("10.1.2.3"), &headers(&["203.0.113.9, garbage"])),
            ip("10.1.2.3"),
            "an unreadable last hop is not believed, nor anything before it"
        );
        assert_eq!(
            trusted.client(ip("::ffff:10.1.2.3"), &headers(&["2001:db8::1"])),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn networks_are_read_and_refused_by_name() {
        let trusted = TrustedProxies::parse("fd00::/8,127.0.0.1").unwrap();
        assert!(trusted.trusts(ip("fd12::1")));
        assert!(trusted.trusts(ip("::ffff:127.0.0.1")));
        assert!(!trusted.trusts(ip("127.0.0.2")));
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .trusts(ip("8.8.8.8"))
        );
        for bad in ["10.0.0.0/33", "example.com", "10.0.0.0/x"] {
            let err = TrustedProxies::parse(bad).unwrap_err();
            assert!(
                err.contains("YIDI_TRUSTED_PROXIES") && err.contains(bad),
                "{err}"
            );
        }
        assert_eq!(
            TrustedProxies::parse(" ").unwrap(),
            TrustedProxies::default()
        );
    }
}
