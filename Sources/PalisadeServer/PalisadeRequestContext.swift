public import Hummingbird
public import NIOCore

/// Hummingbird's basic context plus the peer's address, which audit events record as `sourceIPAddress`.
public struct PalisadeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text (`127.0.0.1`), or `unknown`.
    public var sourceIPAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
