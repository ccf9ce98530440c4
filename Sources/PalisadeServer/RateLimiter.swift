import Synchronization

/// Per-account request rate limits, as EC2 throttles: a token bucket per account and action category
/// (mutating actions, and everything else); a request that finds its bucket empty is refused with
/// `RequestLimitExceeded` (HTTP 503), which the SDKs retry with backoff.
///
/// ```swift
/// let limiter = RateLimiter(limits: .aws)          // EC2's documented defaults
/// limiter.admit(account: "123456789012", mutating: true)
/// ```
public final class RateLimiter: Sendable {
    /// A bucket: holds up to `capacity` requests and regains `refillPerSecond` of them each second.
    public struct Bucket: Sendable, Hashable {
        public var refillPerSecond: Double
        public var capacity: Double
        public init(refillPerSecond: Double, capacity: Double) {
            self.refillPerSecond = refillPerSecond
            self.capacity = capacity
        }
    }

    /// The buckets of each category; `nil` leaves a category unlimited.
    public struct Limits: Sendable, Hashable {
        public var mutating: Bucket?
        public var nonMutating: Bucket?

        public init(mutating: Bucket? = nil, nonMutating: Bucket? = nil) {
            self.mutating = mutating
            self.nonMutating = nonMutating
        }

        /// EC2's documented defaults: mutating actions 200 burst / 5 per second; non-mutating 100 / 20.
        public static let aws = Limits(
            mutating: Bucket(refillPerSecond: 5, capacity: 200), nonMutating: Bucket(refillPerSecond: 20, capacity: 100))

        /// Parses `--rate-limit` values: `aws`, or `mutating=RATE/BURST`, `non-mutating=RATE/BURST`.
        public init(parsing specifications: [String]) throws(LimitError) {
            self.init()
            for specification in specifications {
                if specification == "aws" {
                    self = .aws
                    continue
                }
                let parts = specification.split(separator: "=", maxSplits: 1).map(String.init)
                let numbers = parts.count == 2 ? parts[1].split(separator: "/").map { Double($0) } : []
                guard parts.count == 2, numbers.count == 2, let rate = numbers[0], let burst = numbers[1], rate > 0,
                    burst >= 1
                else {
                    throw LimitError(
                        message: "--rate-limit takes aws, mutating=RATE/BURST or non-mutating=RATE/BURST, got '\(specification)'")
                }
                let bucket = Bucket(refillPerSecond: rate, capacity: burst)
                switch parts[0] {
                case "mutating": mutating = bucket
                case "non-mutating": nonMutating = bucket
                default: throw LimitError(message: "--rate-limit category must be mutating or non-mutating, got '\(parts[0])'")
                }
            }
        }
    }

    public struct LimitError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    private struct Key: Hashable {
        var account: String
        var mutating: Bool
    }

    private struct Level {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let limits: Limits
    private let levels = Mutex<[Key: Level]>([:])
    private let clock: @Sendable () -> ContinuousClock.Instant

    public init(limits: Limits, clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.limits = limits
        self.clock = clock
    }

    /// Takes one token from the account's bucket of the category; `false` when it is empty.
    public func admit(account: String, mutating: Bool) -> Bool {
        guard let bucket = mutating ? limits.mutating : limits.nonMutating else { return true }
        let now = clock()
        return levels.withLock { levels in
            let key = Key(account: account, mutating: mutating)
            var level = levels[key] ?? Level(tokens: bucket.capacity, updated: now)
            let elapsed = now - level.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            level.tokens = min(bucket.capacity, level.tokens + seconds * bucket.refillPerSecond)
            level.updated = now
            let admitted = level.tokens >= 1
            if admitted { level.tokens -= 1 }
            levels[key] = level
            return admitted
        }
    }
}
