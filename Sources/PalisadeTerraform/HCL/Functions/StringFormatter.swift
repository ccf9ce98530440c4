/// The `%` verbs of Terraform's `format` and `formatlist`: `%s %q %d %f %v %t %x %X %o %b %%`,
/// with `-`, `+`, `0` flags, width and precision.
enum StringFormatter {
    static func format(_ spec: String, _ arguments: [Value], call: HCLFunction.Call) throws(EvaluationError) -> String {
        var result = ""
        let characters = Array(spec)
        var i = 0
        var argumentIndex = 0
        while i < characters.count {
            let character = characters[i]
            i += 1
            guard character == "%" else {
                result.append(character)
                continue
            }
            guard i < characters.count else { throw call.error(0, "the format ends in the middle of a verb") }
            if characters[i] == "%" {
                result.append("%")
                i += 1
                continue
            }
            var leftAlign = false
            var plus = false
            var zeroPad = false
            while i < characters.count, "-+0 #".contains(characters[i]) {
                switch characters[i] {
                case "-": leftAlign = true
                case "+": plus = true
                case "0": zeroPad = true
                default: break
                }
                i += 1
            }
            var width = 0
            while i < characters.count, let digit = characters[i].wholeNumberValue, characters[i].isASCII {
                width = width * 10 + digit
                i += 1
            }
            var precision: Int?
            if i < characters.count, characters[i] == "." {
                i += 1
                var value = 0
                while i < characters.count, let digit = characters[i].wholeNumberValue, characters[i].isASCII {
                    value = value * 10 + digit
                    i += 1
                }
                precision = value
            }
            guard i < characters.count else { throw call.error(0, "the format ends in the middle of a verb") }
            let verb = characters[i]
            i += 1
            guard argumentIndex < arguments.count else {
                throw call.error(0, "not enough arguments for the verb %\(verb) at position \(argumentIndex + 1)")
            }
            let argument = arguments[argumentIndex]
            argumentIndex += 1
            var text: String
            var numeric = false
            switch verb {
            case "v":
                text = argument.convertedToString ?? (argument == .null ? "null" : JSONRenderer.encode(argument))
            case "s":
                guard let string = argument.convertedToString else {
                    throw call.error(argumentIndex, "%s needs a string, got \(argument.typeName)")
                }
                text = string
                if let precision { text = String(text.prefix(precision)) }
            case "q":
                guard let string = argument.convertedToString else {
                    throw call.error(argumentIndex, "%q needs a string, got \(argument.typeName)")
                }
                text = JSONRenderer.encode(.string(string))
            case "t":
                guard let bool = argument.convertedToBool else {
                    throw call.error(argumentIndex, "%t needs a bool, got \(argument.typeName)")
                }
                text = bool ? "true" : "false"
            case "d", "x", "X", "o", "b":
                guard let number = argument.convertedToNumber, let integer = number.intValue else {
                    throw call.error(argumentIndex, "%\(verb) needs a whole number, got \(argument)")
                }
                let radix = verb == "d" ? 10 : verb == "o" ? 8 : verb == "b" ? 2 : 16
                text = String(integer.magnitude, radix: radix, uppercase: verb == "X")
                if integer < 0 { text = "-" + text } else if plus { text = "+" + text }
                numeric = true
            case "f", "F", "e", "g":
                guard let number = argument.convertedToNumber else {
                    throw call.error(argumentIndex, "%\(verb) needs a number, got \(argument.typeName)")
                }
                text = verb == "g" && precision == nil ? number.description : fixed(number.doubleValue, precision ?? 6)
                if plus, number.doubleValue >= 0 { text = "+" + text }
                numeric = true
            default:
                throw call.error(0, "unsupported format verb %\(verb)")
            }
            let padding = max(0, width - text.count)
            if padding > 0 {
                if leftAlign {
                    text += String(repeating: " ", count: padding)
                } else if zeroPad, numeric {
                    let sign = text.first == "-" || text.first == "+" ? String(text.removeFirst()) : ""
                    text = sign + String(repeating: "0", count: padding) + text
                } else {
                    text = String(repeating: " ", count: padding) + text
                }
            }
            result += text
        }
        if argumentIndex < arguments.count {
            throw call.error(nil, "too many arguments: the format uses \(argumentIndex), got \(arguments.count)")
        }
        return result
    }

    /// `value` with exactly `precision` decimals, rounded half away from zero.
    static func fixed(_ value: Double, _ precision: Int) -> String {
        guard value.isFinite else { return Value.Number(value).description }
        var scale = 1.0
        for _ in 0..<min(precision, 17) { scale *= 10 }
        let scaled = Value.Number.floor(abs(value) * scale + 0.5)
        guard scaled < 9e18 else { return Value.Number(value).description }
        let digits = String(UInt64(scaled))
        let padded = String(repeating: "0", count: max(0, precision + 1 - digits.count)) + digits
        let whole = padded.dropLast(precision)
        let fraction = padded.suffix(precision)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + whole + (precision > 0 ? "." + fraction : "")
    }
}
