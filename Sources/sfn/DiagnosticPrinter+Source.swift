import SFNCore
import SFNJSON

/// The compiler's layout: the diagnostic line, then the source line it points into and a caret
/// under the column, so that the spot is seen without opening the file.
extension DiagnosticPrinter {
    static func text(_ d: Diagnostic, file: String, source: String?) -> String {
        let head = text(d, file: file)
        guard let source, let l = d.location, let excerpt = excerpt(source, line: l.line, column: l.column) else {
            return head
        }
        return head + "\n" + excerpt
    }

    /// "    LINE\n    ^" with the caret under `column` (counted in Unicode scalars, as SourceText
    /// counts); tabs before it are kept so that it lines up however a terminal shows them. Nil
    /// when the line does not exist.
    static func excerpt(_ source: String, line: Int, column: Int) -> String? {
        guard line >= 1 else { return nil }
        var current = 1
        var start = source.unicodeScalars.startIndex
        if line > 1 {
            var i = source.unicodeScalars.startIndex
            while i < source.unicodeScalars.endIndex {
                if source.unicodeScalars[i] == "\n" {
                    current += 1
                    if current == line {
                        start = source.unicodeScalars.index(after: i)
                        break
                    }
                }
                i = source.unicodeScalars.index(after: i)
            }
            guard current == line else { return nil }
        }
        let rest = source.unicodeScalars[start...]
        var lineText = rest.prefix { $0 != "\n" }
        if lineText.last == "\r" { lineText = lineText.dropLast() }
        let scalars = Array(lineText)
        var pad = ""
        for s in scalars.prefix(max(0, column - 1)) { pad.unicodeScalars.append(s == "\t" ? "\t" : " ") }
        if column - 1 > scalars.count { pad += String(repeating: " ", count: column - 1 - scalars.count) }
        return "    " + String(String.UnicodeScalarView(scalars)) + "\n    " + pad + "^"
    }
}
