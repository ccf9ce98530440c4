/// An access key ID and its secret, as `palisade accounts create` and `keys create` hand them out.
public struct AccessKeyPair: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// `AKIA` followed by 16 upper-case base32 characters, like AWS's long-term key IDs.
    public var accessKeyId: String
    /// 40 characters of base64 (`A-Z a-z 0-9 + /`), like AWS's secret access keys.
    public var secretAccessKey: String

    public init(accessKeyId: String, secretAccessKey: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
    }

    public var description: String { "AccessKeyPair(\(accessKeyId), secretAccessKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "secretAccessKey": "<redacted>"], displayStyle: .struct)
    }
}
