import SFNJSON
import Synchronization

/// A member name read from many input objects, which remembers where it found the member last:
/// the objects of one array nearly always share their key order, so the next object has it in
/// the same place, found with one comparison (a short key equal to the one asked compares as
/// two machine words) instead of a scan of the keys before it.
///
/// One is made per name when an expression compiles, and the compiled expression is shared by
/// every thread that evaluates it (parallel branches, Map iterations): the position is an atomic
/// word, read and written with relaxed ordering (plain loads and stores on the machines sfn runs
/// on). It is only a hint: any position it holds gives the right member, or the scan.
final class MemberRead: Sendable {
    let key: String
    private let hint = Atomic<Int>(0)

    init(_ key: String) { self.key = key }

    /// The member's value, or nil when the object has no such member.
    @inline(__always) func value(in o: JSONObject) -> JSONValue? {
        let h = hint.load(ordering: .relaxed)
        guard let found = o.member(key, hint: h) else { return nil }
        if found.position != h { hint.store(found.position, ordering: .relaxed) }
        return found.value
    }

    /// The member as an engine value (`undefined` when missing).
    @inline(__always) func val(in o: JSONObject) -> Val { Val.from(value(in: o)) }

    /// The member when it is a finite number; nil for anything else, missing included.
    @inline(__always) func number(in o: JSONObject) -> Double? {
        switch value(in: o) {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d.isFinite ? d : nil
        default: return nil
        }
    }

    /// The member when it is a number, finite or not (a sort key: `LexSort.number`).
    @inline(__always) func rawNumber(in o: JSONObject) -> Double? {
        switch value(in: o) {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return nil
        }
    }
}
