/// Path arithmetic for local module sources, without Foundation.
enum ModulePath {
    /// Whether a module `source` is a local path (`./x`, `../x`), which Terraform reads from disk.
    static func isLocal(_ source: String) -> Bool {
        source.hasPrefix("./") || source.hasPrefix("../") || source == "." || source == ".."
    }

    /// `directory` joined with `relative`, with `.` and `..` resolved where possible.
    static func join(_ directory: String, _ relative: String) -> String {
        let isAbsolute = directory.hasPrefix("/")
        var parts: [Substring] = []
        for part in (directory + "/" + relative).split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !isAbsolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
