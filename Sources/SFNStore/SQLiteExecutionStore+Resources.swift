import SFNCore
import SFNJSON

/// What `sfn serve` creates through the API beside executions (state machines as the API sees them,
/// their versions and aliases, activities, tags), kept so that a restarted server on the same store
/// describes them again. One row per ARN holding a JSON document the server writes and reads back;
/// the table is made on first use (`CREATE TABLE IF NOT EXISTS`), so the schema version stays and
/// an older sfn opening the file ignores it.
public protocol APIResourceStore: Sendable {
    /// Every resource, in the order each was first saved.
    func apiResources() throws(ExecutionStoreError) -> [APIResource]
    /// Saves (creates or replaces) one resource; a replaced one keeps its place in the order.
    func saveAPIResource(_ resource: APIResource) throws(ExecutionStoreError)
    /// Deletes the resources with these ARNs (those missing are ignored).
    func deleteAPIResources(_ arns: [String]) throws(ExecutionStoreError)
}

/// One resource of the API: its kind (`stateMachine`, `version`, `alias`, `activity`, ...), ARN
/// and document.
public struct APIResource: Sendable, Hashable {
    public var kind: String
    public var arn: String
    public var document: JSONValue

    public init(kind: String, arn: String, document: JSONValue) {
        self.kind = kind
        self.arn = arn
        self.document = document
    }
}

extension SQLiteExecutionStore: APIResourceStore {
    static let resourceSchema = """
        CREATE TABLE IF NOT EXISTS api_resources (
          seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, document TEXT NOT NULL)
        """

    public func apiResources() throws(ExecutionStoreError) -> [APIResource] {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.exec(Self.resourceSchema)
            let stmt = try connection.prepare("SELECT kind, arn, document FROM api_resources ORDER BY seq")
            var out: [APIResource] = []
            while try stmt.step() {
                let arn = stmt.string(1) ?? ""
                let document: JSONValue
                do { document = try JSONParser.parse(stmt.string(2) ?? "") } catch {
                    throw ExecutionStoreError(
                        .unavailable, "the store '\(path)': the API resource '\(arn)' is not JSON: \(error)")
                }
                out.append(APIResource(kind: stmt.string(0) ?? "", arn: arn, document: document))
            }
            return out
        }
    }

    public func saveAPIResource(_ resource: APIResource) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.exec(Self.resourceSchema)
            try connection.prepare(
                """
                INSERT INTO api_resources (arn, kind, document) VALUES (?,?,?)
                ON CONFLICT(arn) DO UPDATE SET kind = excluded.kind, document = excluded.document
                """
            ).bind(resource.arn, resource.kind, JSONPrinter.compact(resource.document)).run()
        }
    }

    public func deleteAPIResources(_ arns: [String]) throws(ExecutionStoreError) {
        guard !arns.isEmpty else { return }
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.exec(Self.resourceSchema)
            try connection.transaction { () throws(ExecutionStoreError) in
                let delete = try connection.prepare("DELETE FROM api_resources WHERE arn = ?")
                for arn in arns { try delete.bind(arn).run() }
            }
        }
    }
}
