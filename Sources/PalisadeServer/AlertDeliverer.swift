import Foundation
public import Logging
public import PalisadeCore
public import PalisadeStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers alert webhooks from the outbox that audit events fill: each delivery is POSTed (the EventBridge
/// event as JSON) until the webhook answers 2xx, retried with exponential backoff (0.5 s doubling to 60 s) for
/// as long as it takes, so an event is delivered at least once even if the webhook or the server was down.
/// The API never waits for it: events and their deliveries are stored with the change, and this loop runs
/// beside the server.
///
/// Each webhook receives its events in order: the next is sent only once the one before was delivered (a
/// webhook that is down holds back only its own queue).
///
/// A delivery carries `X-Palisade-Delivery` (its ID, the same on every retry, for receivers that want to
/// drop duplicates) and `X-Palisade-Rule`.
public final class AlertDeliverer: Sendable {
    let outbox: any AuditStorage
    let logger: Logger
    let pollInterval: Duration
    let session: URLSession

    public init(outbox: any AuditStorage, logger: Logger, pollInterval: Duration = .milliseconds(100)) {
        self.outbox = outbox
        self.logger = logger
        self.pollInterval = pollInterval
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// Delivers until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let delivered = await deliverDue(at: .wallClock)
            if delivered == 0 { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// Attempts the due delivery at the head of each target's queue (up to 32 targets at a time); returns how
    /// many were attempted.
    @discardableResult
    public func deliverDue(at now: Timestamp) async -> Int {
        let due: [PendingDelivery]
        do {
            due = try outbox.dueDeliveries(at: now, limit: 32)
        } catch {
            logger.error("alert outbox unreadable", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for pending in due { group.addTask { await self.attempt(pending) } }
        }
        return due.count
    }

    private func attempt(_ pending: PendingDelivery) async {
        let attempts = pending.attempts + 1
        let failure: String
        if let url = URL(string: pending.delivery.target) {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.httpBody = Data(pending.delivery.body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(String(pending.id), forHTTPHeaderField: "X-Palisade-Delivery")
            request.setValue(pending.delivery.ruleName, forHTTPHeaderField: "X-Palisade-Rule")
            do {
                let (_, response) = try await session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) {
                    do {
                        try outbox.markDelivered(pending.id, at: .wallClock)
                    } catch {
                        logger.error("alert delivery not recorded", metadata: ["delivery": "\(pending.id)", "error": "\(error)"])
                    }
                    return
                }
                failure = "HTTP \(status)"
            } catch {
                failure = "\(error.localizedDescription)"
            }
        } else {
            failure = "invalid URL"
        }
        let delay = AlertDeliverer.backoff(afterAttempts: attempts)
        logger.warning(
            "alert delivery failed; will retry",
            metadata: [
                "delivery": "\(pending.id)", "rule": "\(pending.delivery.ruleName)", "target": "\(pending.delivery.target)",
                "attempts": "\(attempts)", "error": "\(failure)", "retryInMs": "\(delay)",
            ])
        do {
            try outbox.rescheduleDelivery(
                pending.id, attempts: attempts,
                next: Timestamp(millisecondsSince1970: Timestamp.wallClock.millisecondsSince1970 + delay), error: failure)
        } catch {
            logger.error("alert delivery not rescheduled", metadata: ["delivery": "\(pending.id)", "error": "\(error)"])
        }
    }

    /// Milliseconds to wait after `attempts` failed attempts: 500, 1000, 2000, … up to 60 000.
    static func backoff(afterAttempts attempts: Int) -> Int64 {
        min(60_000, Int64(500) << Int64(min(max(attempts - 1, 0), 7)))
    }
}
