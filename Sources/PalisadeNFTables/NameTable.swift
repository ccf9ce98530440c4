/// Hands out nft identifiers derived from AWS IDs: readable (`sg-0abc` → `sg_0abc`), valid (letters, digits
/// and `_`, starting with a letter) and unique (a later ID whose name is taken gets `_2`, `_3`, …). IDs are
/// named in sorted order, so names do not depend on input order. Public so that the agent's fast path derives
/// exactly the renderer's names.
public struct NameTable: Sendable {
    private let prefix: String
    private var nameById: [String: String] = [:]
    private var taken: Set<String> = []

    /// - Parameters:
    ///   - prefix: Kind prefix (`sg`, `pl`, `eni`); added unless the sanitised ID starts with it.
    ///   - ids: Every ID that will be asked for.
    public init(prefix: String, ids: some Sequence<String>) {
        self.prefix = prefix
        for id in Set(ids).sorted() {
            var base = NameTable.sanitize(id)
            if !base.hasPrefix(prefix + "_") { base = prefix + "_" + base }
            var name = base
            var counter = 2
            while taken.contains(name) {
                name = "\(base)_\(counter)"
                counter += 1
            }
            taken.insert(name)
            nameById[id] = name
        }
    }

    public subscript(id: String) -> String { nameById[id] ?? prefix + "_" + NameTable.sanitize(id) }

    static func sanitize(_ id: String) -> String {
        String(
            id.unicodeScalars.map { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                    ? Character(scalar) : "_"
            })
    }
}
