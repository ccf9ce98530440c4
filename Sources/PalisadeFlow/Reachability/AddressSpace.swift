public import PalisadeCore

/// Which addresses count as the public internet for exposure checks.
///
/// Non-public: RFC 1918, shared address space (100.64/10), loopback, link-local, "this network",
/// IETF protocol assignments, benchmarking, multicast, reserved; for IPv6 the unspecified and loopback
/// addresses, discard-only, ULA (fc00::/7), link-local and multicast. The documentation ranges
/// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) stand for public addresses in
/// examples and count as public.
public enum AddressSpace {
    public static let nonPublicIPv4: [IPv4CIDR] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    ].map { IPv4CIDR($0)! }

    public static let nonPublicIPv6: [IPv6CIDR] = [
        "::/128", "::1/128", "100::/64", "fc00::/7", "fe80::/10", "ff00::/8",
    ].map { IPv6CIDR($0)! }

    /// Whether some address of `cidr` is public.
    public static func overlapsPublic(_ cidr: IPv4CIDR) -> Bool { !nonPublicIPv4.contains { $0.contains(cidr) } }

    /// Whether some address of `cidr` is public.
    public static func overlapsPublic(_ cidr: IPv6CIDR) -> Bool { !nonPublicIPv6.contains { $0.contains(cidr) } }

    /// Whether `address` is public.
    public static func isPublic(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let v4): !nonPublicIPv4.contains { $0.contains(v4) }
        case .v6(let v6): !nonPublicIPv6.contains { $0.contains(v6) }
        }
    }
}
