extension JSONObject {
    /// Whether `JSONPrinter` prints this object by copying the text it was read from (a lazy
    /// object whose members were never replaced). Printers of their own that must give
    /// `JSONPrinter`'s bytes hand such an object to it: the copied text keeps the source's number
    /// forms and string escapes, which printing member by member would not.
    public var printsFromSource: Bool { sourceText != nil }
}
