public import PalisadeCore

/// SigV4 request times: `X-Amz-Date` in ISO 8601 basic format (`20150830T123600Z`) and, as a fallback,
/// the HTTP `Date` header (`Sun, 30 Aug 2015 12:36:00 GMT`).
public enum AmzDate {
    /// Formats `time` (to the second, UTC) as `X-Amz-Date` writes it: `20150830T123600Z`.
    public static func format(_ time: Timestamp) -> String {
        // Timestamp.iso8601 is `2015-08-30T12:36:00.000Z`; the basic format drops separators and milliseconds.
        let extended = time.iso8601
        var basic = ""
        basic.reserveCapacity(16)
        for character in extended.prefix(19) where character != "-" && character != ":" {
            basic.append(character)
        }
        return basic + "Z"
    }

    /// Parses an `X-Amz-Date` value; returns nil unless it is exactly `yyyyMMdd'T'HHmmss'Z'` and a real date.
    public static func parse(_ text: some StringProtocol) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            let year = number(bytes[0..<4]), let month = number(bytes[4..<6]), let day = number(bytes[6..<8]),
            let hour = number(bytes[9..<11]), let minute = number(bytes[11..<13]), let second = number(bytes[13..<15])
        else { return nil }
        return timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Parses an RFC 7231 IMF-fixdate (`Sun, 30 Aug 2015 12:36:00 GMT`), the form HTTP clients and botocore
    /// write in `Date`. The weekday is not checked.
    public static func parseHTTPDate(_ text: some StringProtocol) -> Timestamp? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 6, fields[0].hasSuffix(","), fields[5] == "GMT",
            let day = number(fields[1].utf8), let monthIndex = months.firstIndex(of: String(fields[2])),
            let year = number(fields[3].utf8), fields[3].utf8.count == 4
        else { return nil }
        let clock = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.utf8.count == 2 }),
            let hour = number(clock[0].utf8), let minute = number(clock[1].utf8), let second = number(clock[2].utf8)
        else { return nil }
        return timestamp(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 4 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func timestamp(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Timestamp? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        // Days-from-civil (Howard Hinnant), the inverse of Timestamp.iso8601.
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * Int64(month > 2 ? month - 3 : month + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(millisecondsSince1970: seconds * 1000)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
