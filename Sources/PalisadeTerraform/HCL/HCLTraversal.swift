/// A static reference such as `aws_security_group.web.id`, `var.rules["ssh"]` or `count.index`:
/// a root name followed by attribute and constant index steps.
///
/// This is what Terraform's dependency graph is built from: ``HCLExpression/references`` lists
/// the traversals an expression reads, so a caller can find undeclared resources or cycles
/// without evaluating anything.
public struct HCLTraversal: Sendable, Hashable, CustomStringConvertible {
    /// One step after the root.
    public enum Step: Sendable, Hashable {
        /// `.name`
        case attribute(String)
        /// `[key]` (or legacy `.0`) with a constant key.
        case index(Value)
    }

    /// The root name, such as `var`, `aws_security_group` or `each`.
    public var root: String
    /// The steps after the root, in order.
    public var steps: [Step]
    /// Where the traversal is written.
    public var range: SourceRange

    /// Creates a traversal.
    /// - Parameters:
    ///   - root: The root name.
    ///   - steps: The steps after the root.
    ///   - range: Where it is written.
    public init(root: String, steps: [Step], range: SourceRange) {
        self.root = root
        self.steps = steps
        self.range = range
    }

    /// The attribute names at the start of ``steps``, up to the first index: `["web", "id"]` for
    /// `aws_security_group.web.id`.
    public var leadingAttributes: [String] {
        var names: [String] = []
        for step in steps {
            guard case .attribute(let name) = step else { break }
            names.append(name)
        }
        return names
    }

    /// Source-like text: `aws_security_group.web.id`, `var.rules["ssh"]`, `aws_instance.app[0]`.
    public var description: String {
        var text = root
        for step in steps {
            switch step {
            case .attribute(let name): text += "." + name
            case .index(let key): text += "[\(key)]"
            }
        }
        return text
    }
}
