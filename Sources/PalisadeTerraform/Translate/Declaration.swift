/// A `resource` or `data` block.
struct Declaration {
    var type: String
    var name: String
    var block: HCLBlock
    var key: String { "\(type).\(name)" }
}
