extension HCLFunction {
    static let encodingFunctions: [HCLFunction] =
        [
            HCLFunction(name: "jsonencode", arity: 1...1) { call throws(EvaluationError) in
                .string(JSONRenderer.encode(call.arguments[0]))
            },
            HCLFunction(name: "base64encode", arity: 1...1) { call throws(EvaluationError) in
                .string(base64(Array(try call.string(0).utf8)))
            },
        ]
        + sideEffectFunctions.map { name in
            // Terraform functions that read files or the clock: their result is not knowable here, so
            // they evaluate to unknown (with a reason) rather than failing or guessing.
            HCLFunction(name: name, arity: 0...Int.max, unknownHandling: .requireKnownArguments) { call in
                .unknown("\(name)() depends on files or time and is not evaluated", origin: call.range)
            }
        }

    /// Functions evaluated as unknown: file system, time and randomness.
    static let sideEffectFunctions = [
        "file", "fileexists", "fileset", "filebase64", "filemd5", "filesha1", "filesha256", "filesha512",
        "templatefile", "abspath", "pathexpand", "timestamp", "plantimestamp", "uuid", "bcrypt",
    ]

    private static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> (18 - 6 * position)) & 0x3F)])
                } else {
                    output.append("=")
                }
            }
            index += 3
        }
        return output
    }
}
