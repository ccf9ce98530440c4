/// Why bindings cannot be rendered.
public struct NFTRenderError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidInterfaceName
            case duplicateInterfaceName
            case invalidNetworkInterfaceId
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not a Linux interface name nftables can match: empty, longer than 15 bytes, `.`/`..`, or holding
        /// whitespace, `/`, `:`, quotes, backslashes, `*` or non-ASCII characters.
        public static let invalidInterfaceName = Code(.invalidInterfaceName)
        /// Two network interfaces bound to the same Linux interface.
        public static let duplicateInterfaceName = Code(.duplicateInterfaceName)
        /// An empty network interface ID.
        public static let invalidNetworkInterfaceId = Code(.invalidNetworkInterfaceId)

        public var description: String {
            switch value {
            case .invalidInterfaceName: "invalidInterfaceName"
            case .duplicateInterfaceName: "duplicateInterfaceName"
            case .invalidNetworkInterfaceId: "invalidNetworkInterfaceId"
            }
        }
    }

    public var code: Code
    /// The offending interface name or ID.
    public var value: String

    public init(_ code: Code, value: String) {
        self.code = code
        self.value = value
    }

    public var description: String {
        switch code {
        case .invalidInterfaceName: "'\(value)' is not a usable Linux interface name"
        case .duplicateInterfaceName: "interface '\(value)' is bound to more than one network interface"
        default: "'\(value)' is not a network interface ID"
        }
    }
}
