/// A quoted string or heredoc: literal text mixed with `${…}` interpolations and `%{…}` directives.
///
/// Literal parts are already decoded: escapes (`\n`, `\"`, `\u00e9`) are resolved, `$${` and
/// `%%{` are `${` and `%{`, and an indented heredoc (`<<-`) has its common indentation removed.
/// Strip markers (`~`) are recorded, and applied by the evaluator.
public struct HCLTemplate: Sendable, Hashable {
    /// Whether `~` was written on the left (`${~`, `%{~`) and/or right (`~}`) of a sequence.
    public struct StripMarkers: Sendable, Hashable {
        /// `~` after the opening `${` or `%{`: strip whitespace before the sequence.
        public var left: Bool
        /// `~` before the closing `}`: strip whitespace after the sequence.
        public var right: Bool

        /// Creates markers.
        /// - Parameters:
        ///   - left: Whether the sequence strips whitespace before it.
        ///   - right: Whether the sequence strips whitespace after it.
        public init(left: Bool = false, right: Bool = false) {
            self.left = left
            self.right = right
        }
    }

    /// `%{if …}…%{else}…%{endif}`.
    public struct Conditional: Sendable, Hashable {
        /// The condition.
        public var condition: HCLExpression
        /// Parts used when the condition is true.
        public var thenParts: [Part]
        /// Parts used when it is false; nil when there was no `%{else}`.
        public var elseParts: [Part]?
        /// Markers of `%{if}`, `%{else}` (if present) and `%{endif}`.
        public var ifMarkers: StripMarkers
        public var elseMarkers: StripMarkers?
        public var endMarkers: StripMarkers
        /// From `%{if` to the end of `%{endif}`.
        public var range: SourceRange

        /// Creates a conditional directive.
        public init(
            condition: HCLExpression,
            thenParts: [Part],
            elseParts: [Part]?,
            ifMarkers: StripMarkers,
            elseMarkers: StripMarkers?,
            endMarkers: StripMarkers,
            range: SourceRange
        ) {
            self.condition = condition
            self.thenParts = thenParts
            self.elseParts = elseParts
            self.ifMarkers = ifMarkers
            self.elseMarkers = elseMarkers
            self.endMarkers = endMarkers
            self.range = range
        }
    }

    /// `%{for k, v in collection}…%{endfor}`.
    public struct Loop: Sendable, Hashable {
        /// The first of two iteration variables, if two were given.
        public var keyVariable: String?
        /// The element variable.
        public var valueVariable: String
        /// What is iterated.
        public var collection: HCLExpression
        /// The repeated parts.
        public var body: [Part]
        /// Markers of `%{for}` and `%{endfor}`.
        public var forMarkers: StripMarkers
        public var endMarkers: StripMarkers
        /// From `%{for` to the end of `%{endfor}`.
        public var range: SourceRange

        /// Creates a loop directive.
        public init(
            keyVariable: String?,
            valueVariable: String,
            collection: HCLExpression,
            body: [Part],
            forMarkers: StripMarkers,
            endMarkers: StripMarkers,
            range: SourceRange
        ) {
            self.keyVariable = keyVariable
            self.valueVariable = valueVariable
            self.collection = collection
            self.body = body
            self.forMarkers = forMarkers
            self.endMarkers = endMarkers
            self.range = range
        }
    }

    /// One piece of a template.
    public enum Part: Sendable, Hashable {
        /// Decoded literal text.
        case literal(String, SourceRange)
        /// `${expression}`.
        case interpolation(HCLExpression, StripMarkers, SourceRange)
        /// `%{if}` directive.
        case conditional(Conditional)
        /// `%{for}` directive.
        case loop(Loop)
    }

    /// How a heredoc was introduced.
    public struct Heredoc: Sendable, Hashable {
        /// The delimiter word, such as `EOF`.
        public var marker: String
        /// Whether it was `<<-`, which removes common leading indentation.
        public var isIndented: Bool

        /// Creates heredoc information.
        /// - Parameters:
        ///   - marker: The delimiter word.
        ///   - isIndented: Whether it was `<<-`.
        public init(marker: String, isIndented: Bool) {
            self.marker = marker
            self.isIndented = isIndented
        }
    }

    /// The template's parts in order.
    public var parts: [Part]
    /// Set for heredocs, nil for quoted strings.
    public var heredoc: Heredoc?

    /// Creates a template.
    /// - Parameters:
    ///   - parts: The parts in order.
    ///   - heredoc: Heredoc information, or nil for a quoted string.
    public init(parts: [Part], heredoc: Heredoc? = nil) {
        self.parts = parts
        self.heredoc = heredoc
    }

    /// The text of a template that has only literal parts, such as `"tcp"`; nil otherwise.
    public var literalValue: String? {
        var result = ""
        for part in parts {
            guard case .literal(let text, _) = part else { return nil }
            result += text
        }
        return result
    }
}
