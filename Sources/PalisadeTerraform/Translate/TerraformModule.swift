/// The `.tf` files of one directory, parsed: a Terraform module.
///
/// The caller reads the files (the library does no I/O); parse problems are kept in
/// ``parseDiagnostics`` and the readable part of every file is used.
///
/// ```swift
/// let module = TerraformModule(directory: "infra", files: [
///     TerraformSourceFile(path: "infra/main.tf", contents: text),
/// ])
/// ```
public struct TerraformModule: Sendable {
    /// The directory, used to resolve local module sources (`./modules/web`) and `path.module`.
    public var directory: String
    /// The parsed files, in the order given.
    public var files: [HCLFile]
    /// Problems the HCL parser found, in file order.
    public var parseDiagnostics: [HCLDiagnostic]

    /// Parses the files of one module.
    /// - Parameters:
    ///   - directory: The module's directory, as the caller names it (`.` for the current directory).
    ///   - files: The directory's `.tf` files. `.tfvars` files are passed to the translator instead.
    public init(directory: String, files: [TerraformSourceFile]) {
        self.directory = directory
        var parsed: [HCLFile] = []
        var diagnostics: [HCLDiagnostic] = []
        for file in files {
            let (hcl, problems) = HCLParser.parse(source: file.contents, fileName: file.path)
            parsed.append(hcl)
            diagnostics += problems
        }
        self.files = parsed
        self.parseDiagnostics = diagnostics
    }

    /// The top-level blocks of every file, in file and source order.
    var blocks: [HCLBlock] { files.flatMap(\.body.blocks) }
}
