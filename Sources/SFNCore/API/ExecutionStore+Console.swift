/// What the console asks of a store beyond AWS's operations: one list across state machines with
/// filters and pages, and each state machine with its executions counted by status. A backend may
/// answer from its own indexes; these defaults answer from `listExecutions` for any store.
extension ExecutionStore {
    public func queryExecutions(_ query: ExecutionQuery) throws(ExecutionStoreError) -> ExecutionPage {
        var all = try listExecutions(ExecutionFilter(status: query.status, stateMachineName: query.stateMachineName))
        all = all.filter { query.matches($0) }
        let offset = query.after.flatMap { Int($0) } ?? 0
        let end = min(all.count, offset + query.limit)
        let records = offset < end ? Array(all[offset..<end]) : []
        return ExecutionPage(records: records, next: end < all.count ? String(end) : nil)
    }

    public func stateMachineSummaries() throws(ExecutionStoreError) -> [StateMachineSummary] {
        var byName: [String: StateMachineSummary] = [:]
        for e in try listExecutions(ExecutionFilter()) {
            var s =
                byName[e.stateMachineName]
                ?? StateMachineSummary(
                    record: StateMachineRecord(
                        name: e.stateMachineName, stateMachineArn: e.stateMachineArn,
                        definitionHash: e.definitionHash, creationDate: e.startDate))
            s.counts[e.status, default: 0] += 1
            s.lastStartDate = max(s.lastStartDate ?? 0, e.startDate)
            s.record.creationDate = min(s.record.creationDate, e.startDate)
            byName[e.stateMachineName] = s
        }
        return byName.values.sorted { $0.record.name < $1.record.name }
    }
}

/// The console's executions list: every filter optional, newest first, `limit` a page.
public struct ExecutionQuery: Sendable, Hashable {
    public var status: ExecutionRecord.Status?
    public var stateMachineName: String?
    /// Executions whose name starts with this (compared as text, no wildcards).
    public var namePrefix: String?
    /// Started at or after this, milliseconds since 1970.
    public var startedSince: Double?
    /// The page after the one whose `ExecutionPage.next` this is.
    public var after: String?
    public var limit: Int

    public init(
        status: ExecutionRecord.Status? = nil, stateMachineName: String? = nil, namePrefix: String? = nil,
        startedSince: Double? = nil, after: String? = nil, limit: Int = 50
    ) {
        self.status = status
        self.stateMachineName = stateMachineName
        self.namePrefix = namePrefix
        self.startedSince = startedSince
        self.after = after
        self.limit = max(1, min(limit, 1000))
    }

    /// Whether a record passes the name and date filters (status and machine are the store's).
    public func matches(_ e: ExecutionRecord) -> Bool {
        if let namePrefix, !namePrefix.isEmpty, !e.name.hasPrefix(namePrefix) { return false }
        if let startedSince, e.startDate < startedSince { return false }
        return true
    }
}

/// One page of executions; `next` asks for the following one (nil on the last page).
public struct ExecutionPage: Sendable, Hashable {
    public var records: [ExecutionRecord]
    public var next: String?

    public init(records: [ExecutionRecord], next: String?) {
        self.records = records
        self.next = next
    }
}

/// A state machine with what its executions came to.
public struct StateMachineSummary: Sendable, Hashable {
    public var record: StateMachineRecord
    public var counts: [ExecutionRecord.Status: Int] = [:]
    /// When its newest execution started (milliseconds since 1970); nil when it has none.
    public var lastStartDate: Double?

    public init(record: StateMachineRecord, counts: [ExecutionRecord.Status: Int] = [:], lastStartDate: Double? = nil) {
        self.record = record
        self.counts = counts
        self.lastStartDate = lastStartDate
    }
}
