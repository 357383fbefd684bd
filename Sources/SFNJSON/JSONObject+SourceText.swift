extension JSONObject {
    /// Whether `JSONPrinter` prints this object by copying the text it was read from (a lazy
    /// object whose members were never replaced). Printers of their own that must give
    /// `JSONPrinter`'s bytes hand such an object to it: the copied text keeps the source's number
    /// forms and string escapes, which printing member by member would not.
    public var printsFromSource: Bool { sourceText != nil }
}

extension JSONValue {
    /// Whether both are the same object (one storage) or equal scalars: true only where `==` is,
    /// without walking members. Writers that look for a payload they just wrote (a state's output
    /// is the next state's input) ask this before `==`.
    @inlinable public func isIdentical(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.object(let a), .object(let b)): return a.storage === b.storage
        case (.null, .null): return true
        case (.int(let a), .int(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        default: return false
        }
    }
}
