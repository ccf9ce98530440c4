extension Value {
    /// An HCL number: an exact integer when the value is integral and fits in `Int`, a `Double` otherwise.
    ///
    /// `443`, `443.0` and `4.43e2` are the same number and print as `443`.
    public struct Number: Sendable, Hashable, Comparable, CustomStringConvertible {
        private enum Storage: Hashable {
            case integer(Int)
            case real(Double)
        }

        private let storage: Storage

        /// An exact integer.
        public init(_ value: Int) {
            storage = .integer(value)
        }

        /// A real number; stored as an exact integer when it is integral and in `Int` range.
        public init(_ value: Double) {
            if value.isFinite, abs(value) < 9.2e18, Double(Int(value)) == value {
                storage = .integer(Int(value))
            } else {
                storage = .real(value)
            }
        }

        /// Parses a number literal such as `443`, `1.5` or `1e3`.
        /// - Parameter text: Decimal digits with optional fraction and exponent.
        /// - Returns: The number, or nil when `text` is not a number.
        public init?(parsing text: String) {
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int(text) {
                self.init(integer)
            } else if let double = Double(text), !text.hasPrefix("0x"), !text.hasPrefix("0X") {
                self.init(double)
            } else {
                return nil
            }
        }

        /// The value as a `Double` (possibly rounded for integers beyond 2⁵³).
        public var doubleValue: Double {
            switch storage {
            case .integer(let value): Double(value)
            case .real(let value): value
            }
        }

        /// The value as an `Int` when it is an exact integer.
        public var intValue: Int? {
            if case .integer(let value) = storage { value } else { nil }
        }

        /// Whether the value is a whole number.
        public var isInteger: Bool { intValue != nil }

        public static func < (lhs: Number, rhs: Number) -> Bool {
            if case .integer(let l) = lhs.storage, case .integer(let r) = rhs.storage { return l < r }
            return lhs.doubleValue < rhs.doubleValue
        }

        public static func + (lhs: Number, rhs: Number) -> Number {
            if let l = lhs.intValue, let r = rhs.intValue {
                let (sum, overflow) = l.addingReportingOverflow(r)
                if !overflow { return Number(sum) }
            }
            return Number(lhs.doubleValue + rhs.doubleValue)
        }

        public static func - (lhs: Number, rhs: Number) -> Number {
            if let l = lhs.intValue, let r = rhs.intValue {
                let (difference, overflow) = l.subtractingReportingOverflow(r)
                if !overflow { return Number(difference) }
            }
            return Number(lhs.doubleValue - rhs.doubleValue)
        }

        public static func * (lhs: Number, rhs: Number) -> Number {
            if let l = lhs.intValue, let r = rhs.intValue {
                let (product, overflow) = l.multipliedReportingOverflow(by: r)
                if !overflow { return Number(product) }
            }
            return Number(lhs.doubleValue * rhs.doubleValue)
        }

        /// Division; the caller rejects a zero divisor.
        public static func / (lhs: Number, rhs: Number) -> Number {
            if let l = lhs.intValue, let r = rhs.intValue, r != 0, l % r == 0, !(l == .min && r == -1) {
                return Number(l / r)
            }
            return Number(lhs.doubleValue / rhs.doubleValue)
        }

        /// Remainder with the sign of the dividend, as Terraform's `%`; the caller rejects a zero divisor.
        public static func % (lhs: Number, rhs: Number) -> Number {
            if let l = lhs.intValue, let r = rhs.intValue, r != 0, !(l == .min && r == -1) {
                return Number(l % r)
            }
            let quotient = Number.truncated(lhs.doubleValue / rhs.doubleValue)
            return Number(lhs.doubleValue - quotient * rhs.doubleValue)
        }

        public static prefix func - (operand: Number) -> Number {
            if let value = operand.intValue, value != .min { return Number(-value) }
            return Number(-operand.doubleValue)
        }

        // Rounding without libm: `Double.rounded` needs `trunc`/`rint` from libm, which an
        // executable that links this module but not Foundation would fail to resolve.

        /// `value` rounded toward zero.
        static func truncated(_ value: Double) -> Double {
            guard value.isFinite, abs(value) < 4.5e15 else { return value }  // beyond 2^52 every double is integral
            return Double(Int(value))
        }

        /// `value` rounded toward negative infinity.
        static func floor(_ value: Double) -> Double {
            let truncated = truncated(value)
            return truncated > value ? truncated - 1 : truncated
        }

        /// `value` rounded toward positive infinity.
        static func ceiling(_ value: Double) -> Double {
            let truncated = truncated(value)
            return truncated < value ? truncated + 1 : truncated
        }

        /// Whether the number is zero.
        public var isZero: Bool { doubleValue == 0 }

        /// Decimal text without exponent, as Terraform prints numbers: `443`, `0.5`, `0.00001`.
        public var description: String {
            switch storage {
            case .integer(let value):
                return String(value)
            case .real(let value):
                if value.isNaN { return "NaN" }
                if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
                return Number.plainDecimal(value.description)
            }
        }

        /// Rewrites `1e-05` or `1.5e+20` into plain decimal digits.
        private static func plainDecimal(_ text: String) -> String {
            guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
            var mantissa = String(text[..<e])
            guard let exponent = Int(text[text.index(after: e)...]) else { return text }
            var negative = false
            if mantissa.hasPrefix("-") {
                negative = true
                mantissa.removeFirst()
            }
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            let integerDigits = String(parts[0])
            let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
            var digits = integerDigits + fractionDigits
            var point = integerDigits.count + exponent
            if point <= 0 {
                digits = String(repeating: "0", count: -point + 1) + digits
                point = 1
            } else if point > digits.count {
                digits += String(repeating: "0", count: point - digits.count)
            }
            var whole = String(digits.prefix(point))
            var fraction = String(digits.dropFirst(point))
            while fraction.hasSuffix("0") { fraction.removeLast() }
            while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
            let result = fraction.isEmpty ? whole : whole + "." + fraction
            return negative ? "-" + result : result
        }
    }
}
