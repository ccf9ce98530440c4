public import PalisadeCore

/// How `palisade serve` behaves, apart from where it listens and stores.
public struct ServerConfiguration: Sendable {
    /// Region when the request's SigV4 credential scope names none.
    public var defaultRegion: String
    /// Account of every request until authentication exists (AWS's documentation example account).
    public var defaultAccountId: String
    /// Enables `POST /palisade/v1/reset` and `POST /moto-api/reset`.
    public var allowReset: Bool
    /// Largest request body accepted.
    public var maxBodyBytes: Int

    public init(
        defaultRegion: String = "us-east-1", defaultAccountId: String = Scope.defaultAccountId, allowReset: Bool = false,
        maxBodyBytes: Int = 4 << 20
    ) {
        self.defaultRegion = defaultRegion
        self.defaultAccountId = defaultAccountId
        self.allowReset = allowReset
        self.maxBodyBytes = maxBodyBytes
    }
}
