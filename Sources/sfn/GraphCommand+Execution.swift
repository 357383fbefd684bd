import Foundation
import SFNCore
import SFNGraph
import SFNStore

/// `sfn graph --execution NAME`: the overlay, and (when no DEFINITION is given) the definition,
/// from the execution store that `sfn run` records into.
extension GraphCommand {
    struct StoredExecution {
        /// The definition the execution ran, as the store keeps it.
        var definition: String
        var overlay: ExecutionOverlay
    }

    /// Reads the execution `name` (a unique prefix will do) from the store; nil after printing why.
    static func storedExecution(_ name: String, args: Arguments) -> StoredExecution? {
        let path = RunRecording.storePath(args)
        guard FileManager.default.fileExists(atPath: path) else {
            Console.error("sfn graph: no execution store at '\(path)' (give --store PATH, or run sfn run first)")
            return nil
        }
        do throws(ExecutionStoreError) {
            let store = try SQLiteExecutionStore(path: path)
            let record = try store.resolveExecution(name)
            guard let definition = try store.definition(hash: record.definitionHash) else {
                Console.error("sfn graph: the store '\(path)' has lost the definition of '\(record.name)'")
                return nil
            }
            let events = try store.history(record.executionArn)
            return StoredExecution(definition: definition, overlay: ExecutionOverlay(history: events))
        } catch {
            Console.error("sfn graph: \(error)")
            return nil
        }
    }
}
