/// One Terraform file handed to the translator: its path, as it should appear in diagnostics, and its text.
///
/// The library does no I/O: the caller reads `.tf` and `.tfvars` files (with Foundation, in the CLI)
/// and passes their contents in.
public struct TerraformSourceFile: Sendable, Hashable {
    /// The path shown in diagnostics and origins, such as `seed/three_tier.tf`.
    public var path: String
    /// The file's text.
    public var contents: String

    /// Creates a source file.
    /// - Parameters:
    ///   - path: The path shown in diagnostics and origins.
    ///   - contents: The file's text.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
