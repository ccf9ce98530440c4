import PalisadeCore
public import PalisadeTerraform

/// Finds `palisade:ignore` comments in Terraform files.
///
/// ```hcl
/// # palisade:ignore PAL-SSH-WORLD reason="bastion behind VPN"
/// resource "aws_security_group" "bastion" { … }
/// ```
/// The comment covers the block (or attribute) that starts on the next non-blank line; several check IDs may
/// be given, separated by commas or spaces; `*` stands for every check.
public enum SuppressionScanner {
    /// The suppressions of every file of a translation.
    /// - Parameter translation: The translation, whose files keep their source.
    /// - Returns: Suppressions in file and line order.
    public static func suppressions(in translation: TerraformTranslation) -> [Suppression] {
        translation.files.values.sorted { $0.fileName < $1.fileName }.flatMap(suppressions(in:))
    }

    /// The suppressions of one file.
    /// - Parameter file: A parsed file.
    /// - Returns: Suppressions in line order.
    public static func suppressions(in file: HCLFile) -> [Suppression] {
        // Most files have no suppression: skip scanning them for comments again. (A byte match is all a
        // Character match can be, so no file with a suppression is skipped.)
        guard file.source.containsBytes("palisade:ignore") else { return [] }
        var result: [Suppression] = []
        let lines = file.source.split(separator: "\n", omittingEmptySubsequences: false)
        for token in HCLScanner.scan(file.source, fileName: file.fileName) where token.kind == .comment {
            var text = Substring(token.text)
            while let first = text.first, first == "#" || first == "/" || first == "*" || first == " " {
                text = text.dropFirst()
            }
            guard text.hasPrefix("palisade:ignore") else { continue }
            text = text.dropFirst("palisade:ignore".count)
            var reason: String?
            if let range = text.firstRange(of: "reason=") {
                var value = text[range.upperBound...].trimmingWhitespace()
                if value.hasPrefix("\"") {
                    value = value.dropFirst()
                    if let end = value.firstIndex(of: "\"") { value = value[..<end] }
                }
                let trimmed = String(value.trimmingWhitespace())
                reason = trimmed.isEmpty ? nil : trimmed
                text = text[..<range.lowerBound]
            }
            let ids = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" })
                .map(String.init).filter { !$0.isEmpty && $0 != "*/" }
            let commentLine = token.range.start.line
            var target = commentLine + 1
            while target <= lines.count, lines[target - 1].trimmingWhitespace().isEmpty { target += 1 }
            let end = blockEnd(startingAt: target, in: file.body) ?? target
            result.append(
                Suppression(
                    checkIds: ids.isEmpty ? ["*"] : ids, reason: reason, location: FindingLocation(token.range),
                    lines: target...max(target, end)
                )
            )
        }
        return result
    }

    private static func blockEnd(startingAt line: Int, in body: HCLBody) -> Int? {
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                if attribute.range.start.line == line { return attribute.range.end.line }
            case .block(let block):
                if block.range.start.line == line { return block.range.end.line }
                if block.range.start.line < line && block.range.end.line >= line,
                    let inner = blockEnd(startingAt: line, in: block.body)
                {
                    return inner
                }
            }
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
