extension String {
    /// Whether the UTF-8 of `needle` occurs in the UTF-8 of this string.
    ///
    /// A plain byte search: the standard library's generic `contains(_:)` compares Characters and costs more than
    /// the rest of a check. For ASCII text the answer is the same; otherwise a byte match may split a Character
    /// (a letter followed by a combining mark), so callers that need Character semantics use ``containsText(_:)``.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { bytes in
            needle.withUTF8 { pattern in
                guard let first = pattern.first else { return true }
                guard bytes.count >= pattern.count else { return false }
                var index = 0
                while index <= bytes.count - pattern.count {
                    if bytes[index] == first {
                        var matched = 1
                        while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// `contains(_:)` with Character semantics, by byte search when this string is ASCII.
    func containsText(_ needle: String) -> Bool {
        utf8.allSatisfy { $0 < 0x80 } ? containsBytes(needle) : contains(needle)
    }
}
