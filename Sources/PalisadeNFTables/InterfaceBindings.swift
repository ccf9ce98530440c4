/// Which Linux interface enforces which network interface: packets of network interface `eni-…` arrive on
/// and leave through the Linux interface bound to it (one agent per host or network namespace).
///
/// ```swift
/// let bindings = try InterfaceBindings(["eni-0a1b2c3d": "eth0"])
/// ```
public struct InterfaceBindings: Hashable, Sendable {
    /// Linux interface name by network interface ID.
    public private(set) var interfaceNames: [String: String]

    /// Validates `bindings`.
    /// - Parameter bindings: Linux interface name by network interface ID.
    /// - Throws: ``NFTRenderError`` when an interface name cannot be matched by nftables or is bound twice.
    public init(_ bindings: [String: String]) throws(NFTRenderError) {
        var seen: Set<String> = []
        for (id, name) in bindings.sorted(by: { $0.key < $1.key }) {
            guard !id.isEmpty, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != 0x22 }) else {
                throw NFTRenderError(.invalidNetworkInterfaceId, value: id)
            }
            guard InterfaceBindings.isValidInterfaceName(name) else {
                throw NFTRenderError(.invalidInterfaceName, value: name)
            }
            guard seen.insert(name).inserted else { throw NFTRenderError(.duplicateInterfaceName, value: name) }
        }
        interfaceNames = bindings
    }

    /// The bindings ordered by network interface ID.
    public var sorted: [(networkInterfaceId: String, interfaceName: String)] {
        interfaceNames.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// What the kernel accepts (`dev_valid_name`: 1–15 bytes, not `.` or `..`, no `/`, `:` or whitespace),
    /// narrowed to printable ASCII without the characters nft would read as quoting or wildcards.
    static func isValidInterfaceName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { byte in
            byte > 0x20 && byte < 0x7f && !"/:\"\\*'".utf8.contains(byte)
        }
    }
}
