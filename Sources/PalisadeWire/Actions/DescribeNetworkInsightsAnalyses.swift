public import PalisadeCore

public struct DescribeNetworkInsightsAnalyses: EC2ReadAction {
    public static let name = "DescribeNetworkInsightsAnalyses"
    let ids: [String]
    let pathId: String?
    let startTime: Timestamp?
    let endTime: Timestamp?
    let filters: [DescribeFilter]
    let pagination: Pagination

    public init(_ request: QueryRequest) throws(PolicyError) {
        ids = request.list("NetworkInsightsAnalysisId")
        pathId = request["NetworkInsightsPathId"]
        startTime = try Self.timestamp(request, "AnalysisStartTime")
        endTime = try Self.timestamp(request, "AnalysisEndTime")
        filters = request.filters
        pagination = try Pagination(request, bounds: 1...100)
    }

    /// An ISO 8601 timestamp as botocore sends it (`2024-05-01T12:00:00Z`, optional fraction), or epoch seconds.
    static func timestamp(_ request: QueryRequest, _ name: String) throws(PolicyError) -> Timestamp? {
        guard let text = request[name] else { return nil }
        if let seconds = Double(text) { return Timestamp(millisecondsSince1970: Int64(seconds * 1000)) }
        guard let value = Timestamp(iso8601: text) else {
            throw .invalidValue("Value (\(text)) for parameter \(name) is invalid. Expected an ISO 8601 timestamp.")
        }
        return value
    }

    public func query(_ state: borrowing PolicyState, _ context: ActionContext) throws(PolicyError) -> EC2Result {
        let (analyses, token) = pagination.page(
            try state.describeNetworkInsightsAnalyses(
                scope: context.scope, ids: ids, pathId: pathId, startTime: startTime, endTime: endTime, filters: filters)
        ) { $0.networkInsightsAnalysisId }
        return EC2Result { writer in
            writer.list("networkInsightsAnalysisSet", analyses) { $0.networkInsightsAnalysis($1) }
            writer.element("nextToken", token)
        }
    }
}

extension Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` (UTC when no offset).
    init?(iso8601 text: String) {
        let characters = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= characters.count else { return nil }
            var value: Int64 = 0
            for byte in characters[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard characters.count >= 19, let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month)
        else { return nil }
        var index = 19
        var millis: Int64 = 0
        if index < characters.count, characters[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            while index < characters.count, (48...57).contains(characters[index]) {
                millis += Int64(characters[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset: Int64 = 0
        if index < characters.count, characters[index] == UInt8(ascii: "+") || characters[index] == UInt8(ascii: "-") {
            guard let hours = number(index + 1, 2), let minutes = number(index + 4, 2) else { return nil }
            offset = (hours * 60 + minutes) * 60_000 * (characters[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        // Days from civil (Howard Hinnant).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        self.init(
            millisecondsSince1970: ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis - offset)
    }
}
