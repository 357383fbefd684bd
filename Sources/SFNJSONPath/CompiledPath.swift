import SFNJSON
import Synchronization

/// A path's segments, and for a definite path the steps its hot loop walks.
///
/// A path is evaluated on every transition that reads it, mostly against objects built from one
/// template, whose keys sit at the same positions every time. Each member step remembers where
/// it last found its member and looks there first (the key found there is compared, so a wrong
/// guess costs one comparison, never a wrong answer). The steps are trivial values: walking them
/// retains nothing, where copying a `PathSegment` out of its array retained its name.
final class CompiledPath: @unchecked Sendable {
    let segments: [PathSegment]
    /// Cached `isDefinite`, so evaluation picks its loop without looking at the segments.
    let definite: Bool
    /// A definite path's steps (empty otherwise); their names live in `members`.
    let steps: [Step]
    let members: [Member]

    /// One member step's name and where it was found last. `Atomic` with relaxed order: branches
    /// and Map iterations on several threads share a path, and any value is a correct guess.
    final class Member: Sendable {
        let name: String
        let hint = Atomic<Int>(0)
        init(_ name: String) { self.name = name }
    }

    enum Step {
        case member(Unmanaged<Member>)
        case index(Int)
    }

    init(_ segments: [PathSegment]) {
        self.segments = segments
        definite = segments.allSatisfy(\.isDefinite)
        var steps: [Step] = []
        var members: [Member] = []
        if definite {
            for segment in segments {
                switch segment {
                case .member(let name):
                    let m = Member(name)
                    members.append(m)
                    steps.append(.member(Unmanaged.passUnretained(m)))
                case .index(let i):
                    steps.append(.index(i))
                default:
                    preconditionFailure("a definite path has only member and index segments")
                }
            }
        }
        self.steps = steps
        self.members = members
    }

    /// The value a definite path names in `value`, or nil when it names nothing (the caller then
    /// walks the segments again for the failure's wording).
    @inline(__always)
    func definiteValue(_ value: JSONValue) -> JSONValue? {
        withExtendedLifetime(self) {
            steps.withUnsafeBufferPointer { steps -> JSONValue? in
                let n = steps.count
                if n == 0 { return value }
                // The first step reads the root in place: a one-step path (`$.i`) retains only
                // the member it returns.
                guard var current = Self.step(steps[0], value) else { return nil }
                var k = 1
                while k < n {
                    guard let next = Self.step(steps[k], current) else { return nil }
                    current = next
                    k += 1
                }
                return current
            }
        }
    }

    // `switch`, not `guard case`: binding the payload with `guard case` copies it (a retain and
    // a release of the object per step); a `switch` borrows it.
    @inline(__always)
    static func step(_ step: Step, _ value: JSONValue) -> JSONValue? {
        switch step {
        case .member(let member):
            switch value {
            case .object(let o):
                return member._withUnsafeGuaranteedRef { m -> JSONValue? in
                    let hint = m.hint.load(ordering: .relaxed)
                    guard let found = o.member(m.name, hint: hint) else { return nil }
                    if found.position != hint { m.hint.store(found.position, ordering: .relaxed) }
                    return found.value
                }
            default:
                return nil
            }
        case .index(let i):
            switch value {
            case .array(let a):
                let j = i < 0 ? a.count + i : i
                guard j >= 0 && j < a.count else { return nil }
                return a[j]
            default:
                return nil
            }
        }
    }
}
