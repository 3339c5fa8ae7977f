//! The client's address, for the per-address limits (failed authentications, lookups) and the
//! lookup audit: the TCP peer, or — only when the peer is a proxy the operator named with
//! `--trusted-proxy` — the address that proxy reports in `X-Forwarded-For` (ADR 0234 §5). The
//! header is never read from anyone else: a client could write any address in it.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};

use crate::app::Shared;
use crate::rejection::ErrorJson;

/// The client's address (see the module documentation), as an extractor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<Shared> for ClientAddr {
    type Rejection = ErrorJson;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, ErrorJson> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            // The router was served without the peer's address (`crate::serve` gives it).
            crate::log::error("client", "no peer address: serve with hocba_server::serve");
            return Err(ErrorJson(crate::rejection::Rejected {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "internal_error",
                vi: "lỗi nội bộ của cổng",
                en: "internal error of the portal",
            }));
        };
        Ok(ClientAddr(client_ip(
            &state.trusted_proxies,
            peer.ip(),
            &parts.headers,
        )))
    }
}

/// The client's address of a request from `peer`: `peer` itself unless it is one of `trusted`;
/// then, reading `X-Forwarded-For` (every such header, in order) from the right, the first hop
/// that is not a trusted proxy — each proxy appends the address it received the request from,
/// so the hops right of that one were written by proxies the operator trusts, and the ones left
/// of it by the client, who may have written anything. A hop that does not parse ends the walk
/// at the last address attributed so far; when every hop is trusted, the leftmost is taken.
pub fn client_ip(trusted: &[IpAddr], peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            return client;
        };
        client = ip;
        if !trusted.contains(&ip) {
            return ip;
        }
    }
    client
}

/// An `X-Forwarded-For` hop: an IP address, with or without a port (`[v6]:port`, `v4:port`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_header_is_read_only_from_a_trusted_proxy() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        let cases: &[(&str, &[&str], &str)] = &[
            // Not a trusted peer: the header is ignored, whatever it says.
            ("192.0.2.9", &["203.0.113.5"], "192.0.2.9"),
            // The proxy appended the client's address.
            ("10.0.0.2", &["203.0.113.5"], "203.0.113.5"),
            // A client's own forged entries are left of the hop the proxy appended.
            ("10.0.0.2", &["1.1.1.1, 203.0.113.5"], "203.0.113.5"),
            // Two trusted proxies in a row, the header split over two lines.
            (
                "10.0.0.2",
                &["203.0.113.5, 10.0.0.3", "10.0.0.2"],
                "203.0.113.5",
            ),
            // Ports and IPv6.
            ("10.0.0.2", &["[2001:db8::1]:4711"], "2001:db8::1"),
            ("10.0.0.2", &["203.0.113.5:4711"], "203.0.113.5"),
            // No header: the proxy itself.
            ("10.0.0.2", &[], "10.0.0.2"),
            // Garbage after trusted hops: the last address attributed.
            ("10.0.0.2", &["junk, 10.0.0.3"], "10.0.0.3"),
            ("10.0.0.2", &["junk"], "10.0.0.2"),
            // Every hop trusted: the leftmost.
            ("10.0.0.2", &["10.0.0.3, 10.0.0.2"], "10.0.0.3"),
        ];
        for (peer, header, want) in cases {
            assert_eq!(
                client_ip(&trusted, ip(peer), &xff(header)),
                ip(want),
                "{peer} {header:?}"
            );
        }
        assert_eq!(
            client_ip(&[], proxy, &xff(&["203.0.113.5"])),
            proxy,
            "nothing trusted by default"
        );
    }
}
