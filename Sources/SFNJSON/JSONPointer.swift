/// RFC 6901 JSON pointers, the addresses diagnostics use ("/States/Check/Choices/0/Next").
public enum JSONPointer {
    /// Escapes one reference token: "~" becomes "~0" and "/" becomes "~1".
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var out = ""
        for ch in token {
            switch ch {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Joins tokens into a pointer: `["States", "A/B"]` gives "/States/A~1B".
    public static func make(_ tokens: [String]) -> String {
        var p = ""
        for t in tokens { p += "/"; p += escape(t) }
        return p
    }

    /// Appends one token to a pointer.
    public static func appending(_ pointer: String, _ token: String) -> String { pointer + "/" + escape(token) }
    public static func appending(_ pointer: String, _ index: Int) -> String { pointer + "/" + String(index) }
}
