import SFNJSON

/// Collects diagnostics while the load pass walks a definition, attaching source locations.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<String> = []
    let locations: SourceLocations?

    init(locations: SourceLocations?) { self.locations = locations }

    func error(_ code: DiagnosticCode = .schema, _ message: String, at pointer: String) {
        add(
            Diagnostic(
                severity: .error, code: code, message: message, pointer: pointer,
                location: locations?.location(of: pointer)))
    }

    func warning(_ code: DiagnosticCode, _ message: String, at pointer: String) {
        add(
            Diagnostic(
                severity: .warning, code: code, message: message, pointer: pointer,
                location: locations?.location(of: pointer)))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func location(of pointer: String) -> SourceLocation? { locations?.location(of: pointer) }

    private func add(_ d: Diagnostic) {
        // Two rules may notice the same thing (a bad path seen as a path and as a reference path).
        guard seen.insert(d.pointer + "\u{0}" + d.code.rawValue + "\u{0}" + d.message).inserted else { return }
        diagnostics.append(d)
    }

    /// Errors before warnings, each in file order, so output reads like a compiler's.
    func sorted() -> [Diagnostic] {
        let indexed = diagnostics.enumerated().map { ($0.offset, $0.element) }
        return indexed.sorted { a, b in
            if a.1.severity != b.1.severity { return a.1.severity == .error }
            let la = a.1.location
            let lb = b.1.location
            if let la, let lb, la != lb { return (la.line, la.column) < (lb.line, lb.column) }
            return a.0 < b.0
        }.map(\.1)
    }
}
