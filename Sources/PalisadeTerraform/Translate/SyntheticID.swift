public import PalisadeCore

/// Stable, well-formed AWS-style IDs for what a configuration creates: the prefix, a dash and 17
/// lower-case hex digits derived from the resource instance address (FNV-1a), so that the same
/// configuration always yields the same IDs and references resolve to them before anything exists.
public enum SyntheticID {
    /// An ID of `kind` for `seed`, such as `sg-0d1c…` for `aws_security_group.web`.
    /// - Parameters:
    ///   - kind: The resource kind, which gives the prefix.
    ///   - seed: What identifies the object: its address plus, for rules, the block and peer.
    /// - Returns: `prefix-` and 17 hex digits.
    public static func make(_ kind: ResourceKind, _ seed: String) -> String {
        make(prefix: kind.prefix, seed)
    }

    /// An ID with an arbitrary prefix (`i`, `sgrule`), in the same form as ``make(_:_:)``.
    /// - Parameters:
    ///   - prefix: The ID prefix, without the dash.
    ///   - seed: What identifies the object.
    /// - Returns: `prefix-` and 17 hex digits.
    public static func make(prefix: String, _ seed: String) -> String {
        let low = fnv1a(seed, basis: 0xcbf2_9ce4_8422_2325)
        let high = fnv1a(seed, basis: 0x8422_2325_cbf2_9ce4) & 0xf
        let digits = String(low, radix: 16)
        return "\(prefix)-\(String(high, radix: 16))\(String(repeating: "0", count: 16 - digits.count))\(digits)"
    }

    private static func fnv1a(_ text: String, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
