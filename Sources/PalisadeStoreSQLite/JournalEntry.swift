import Foundation
import PalisadeAudit
import PalisadeCore
import PalisadeStore

/// One commit as the ``CommitJournal`` holds it: the change log of each revision (the JSON the `changes` table
/// stores) and the audit events (made, or drafted calls rendered when copied), under a sequence number that
/// increases across the journal's whole life.
struct JournalEntry: Sendable {
    struct Revision: Sendable {
        var revision: Int64
        var timeMilliseconds: Int64
        /// The revision's changes as the `changes` table stores them (a JSON array of `PolicyChange`).
        var log: Data
    }

    var sequence: Int64
    var revisions: [Revision]
    var events: [AuditDraft]
    /// The size of its frame in the file (not stored).
    var frameBytes = 0

    var deliveries: Int { events.reduce(0) { $0 + $1.deliveries } }
}

/// The journal's file format: frames of `magic (4 bytes) · payload length (UInt32) · checksum (UInt64) · payload`,
/// little-endian, each payload one ``JournalEntry`` in a plain binary layout (integers as 8 bytes, strings and
/// bytes length-prefixed, optionals and booleans a byte; each event a kind byte, 0 for an entry, 1 for a call).
/// A frame cut off by a crash, or any bytes after it, fail the length or checksum test and end the journal.
enum JournalFormat {
    static let magic: UInt32 = 0x4A53_4C50  // "PLSJ"
    static let headerSize = 16

    static func frame(_ entry: JournalEntry) -> [UInt8] {
        // The header's place first, filled in once the payload after it is written (no second copy of it).
        var frame = Writer()
        frame.output = [UInt8](repeating: 0, count: headerSize)
        frame.int(entry.sequence)
        frame.int(Int64(entry.revisions.count))
        for revision in entry.revisions {
            frame.int(revision.revision)
            frame.int(revision.timeMilliseconds)
            frame.bytes(revision.log)
        }
        frame.int(Int64(entry.events.count))
        for draft in entry.events {
            switch draft.content {
            case .made(let event):
                frame.bool(false)
                frame.entry(event)
            case .call(let call, _):
                frame.bool(true)
                frame.call(call)
            }
        }
        var header = Writer()
        header.uint32(magic)
        header.uint32(UInt32(frame.output.count - headerSize))
        header.uint64(checksum(frame.output[headerSize...]))
        frame.output.replaceSubrange(0..<headerSize, with: header.output)
        return frame.output
    }

    /// The whole frames at the start of `bytes`, and where the last one ends (anything after it is a torn write).
    static func entries(in bytes: [UInt8]) -> (entries: [JournalEntry], validBytes: Int) {
        var entries: [JournalEntry] = []
        var offset = 0
        while bytes.count - offset >= headerSize {
            var header = Reader(bytes: bytes[offset..<(offset + headerSize)])
            guard let magic = try? header.uint32(), magic == JournalFormat.magic,
                let length = try? header.uint32(), let sum = try? header.uint64(),
                bytes.count - offset - headerSize >= Int(length)
            else { break }
            let payload = bytes[(offset + headerSize)..<(offset + headerSize + Int(length))]
            guard checksum(payload) == sum, let entry = try? decode(payload) else { break }
            entries.append(entry)
            offset += headerSize + Int(length)
        }
        return (entries, offset)
    }

    private static func decode(_ payload: ArraySlice<UInt8>) throws -> JournalEntry {
        var reader = Reader(bytes: payload)
        let sequence = try reader.int()
        var revisions: [JournalEntry.Revision] = []
        for _ in 0..<(try reader.count()) {
            revisions.append(.init(revision: try reader.int(), timeMilliseconds: try reader.int(), log: Data(try reader.bytes())))
        }
        var events: [AuditDraft] = []
        for _ in 0..<(try reader.count()) {
            let drafted = try reader.bool()
            events.append(drafted ? AuditDraft(call: try reader.call(), render: AuditEvent.entry(of:)) : .made(try reader.entry()))
        }
        guard reader.atEnd else { throw Malformed() }
        return JournalEntry(sequence: sequence, revisions: revisions, events: events)
    }

    /// FNV-1a over 8-byte words (then the remaining bytes): cheap, and enough to tell a whole frame from a torn one.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* prime
                offset += 1
            }
        }
        return hash
    }

    struct Malformed: Error {}

    struct Writer {
        var output: [UInt8] = []

        mutating func uint32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { output.append(contentsOf: $0) } }
        mutating func uint64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { output.append(contentsOf: $0) } }
        mutating func int(_ value: Int64) { uint64(UInt64(bitPattern: value)) }
        mutating func bool(_ value: Bool) { output.append(value ? 1 : 0) }

        mutating func bytes(_ value: some Collection<UInt8>) {
            int(Int64(value.count))
            output.append(contentsOf: value)
        }

        mutating func string(_ value: String) { bytes(value.utf8) }

        mutating func optional(_ value: String?) {
            guard let value else { return output.append(0) }
            output.append(1)
            string(value)
        }

        mutating func entry(_ event: AuditEntry) {
            string(event.eventId)
            int(event.time.millisecondsSince1970)
            string(event.accountId)
            string(event.region)
            string(event.eventName)
            string(event.eventSource)
            optional(event.accessKeyId)
            optional(event.userName)
            bool(event.readOnly)
            optional(event.errorCode)
            int(Int64(event.resources.count))
            for resource in event.resources {
                string(resource.resourceType)
                string(resource.resourceName)
            }
            string(event.record)
            int(Int64(event.deliveries.count))
            for delivery in event.deliveries {
                string(delivery.ruleName)
                string(delivery.target)
                string(delivery.body)
            }
        }

        mutating func call(_ call: AuditCall) {
            string(call.eventId)
            int(call.time.millisecondsSince1970)
            string(call.eventName)
            string(call.eventSource)
            string(call.region)
            string(call.accountId)
            optional(call.accessKeyId)
            string(call.sourceIPAddress)
            string(call.userAgent)
            int(Int64(call.parameters.count))
            for (name, value) in call.parameters {
                string(name)
                string(value)
            }
            if let response = call.response {
                bool(true)
                bytes(response)
            } else {
                bool(false)
            }
            optional(call.errorCode)
            optional(call.errorMessage)
            string(call.requestId)
            bool(call.readOnly)
        }
    }

    struct Reader {
        let input: ArraySlice<UInt8>
        var index: Int

        init(bytes: ArraySlice<UInt8>) {
            input = bytes
            index = bytes.startIndex
        }

        var atEnd: Bool { index == input.endIndex }

        private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, input.endIndex - index >= count else { throw Malformed() }
            defer { index += count }
            return input[index..<(index + count)]
        }

        mutating func uint64() throws -> UInt64 {
            try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func uint32() throws -> UInt32 { UInt32(truncatingIfNeeded: try take(4).reversed().reduce(0) { $0 << 8 | UInt64($1) }) }
        mutating func int() throws -> Int64 { Int64(bitPattern: try uint64()) }

        mutating func count() throws -> Int {
            let value = try int()
            guard value >= 0, value <= Int64(input.count) else { throw Malformed() }
            return Int(value)
        }

        mutating func bool() throws -> Bool { try take(1).first! != 0 }
        mutating func bytes() throws -> ArraySlice<UInt8> { try take(count()) }

        mutating func string() throws -> String {
            guard let text = String(validating: try bytes(), as: UTF8.self) else { throw Malformed() }
            return text
        }

        mutating func optional() throws -> String? { try bool() ? string() : nil }

        mutating func entry() throws -> AuditEntry {
            let eventId = try string()
            let time = Timestamp(millisecondsSince1970: try int())
            let accountId = try string()
            let region = try string()
            let eventName = try string()
            let eventSource = try string()
            let accessKeyId = try optional()
            let userName = try optional()
            let readOnly = try bool()
            let errorCode = try optional()
            var resources: [AuditResource] = []
            for _ in 0..<(try count()) {
                resources.append(AuditResource(resourceType: try string(), resourceName: try string()))
            }
            let record = try string()
            var deliveries: [AlertDelivery] = []
            for _ in 0..<(try count()) {
                deliveries.append(AlertDelivery(ruleName: try string(), target: try string(), body: try string()))
            }
            return AuditEntry(
                eventId: eventId, time: time, accountId: accountId, region: region, eventName: eventName,
                eventSource: eventSource, accessKeyId: accessKeyId, userName: userName, readOnly: readOnly,
                errorCode: errorCode, resources: resources, record: record, deliveries: deliveries)
        }

        mutating func call() throws -> AuditCall {
            let eventId = try string()
            let time = Timestamp(millisecondsSince1970: try int())
            let eventName = try string()
            let eventSource = try string()
            let region = try string()
            let accountId = try string()
            let accessKeyId = try optional()
            let sourceIPAddress = try string()
            let userAgent = try string()
            var parameters: [String: String] = [:]
            for _ in 0..<(try count()) { parameters[try string()] = try string() }
            let response = try bool() ? Array(try bytes()) : nil
            return AuditCall(
                eventId: eventId, time: time, eventName: eventName, eventSource: eventSource, region: region,
                accountId: accountId, accessKeyId: accessKeyId, sourceIPAddress: sourceIPAddress, userAgent: userAgent,
                parameters: parameters, response: response, errorCode: try optional(), errorMessage: try optional(),
                requestId: try string(), readOnly: try bool())
        }
    }
}
