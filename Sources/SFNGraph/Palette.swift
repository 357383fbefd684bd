/// Colours: by state type for a definition, by status for an execution (the console's scheme:
/// green succeeded, red failed, orange caught, blue running, grey cancelled, white not reached).
enum Palette {
    struct Colours {
        var fill: String
        var stroke: String
    }

    static func type(_ type: String) -> Colours {
        switch type {
        case "Task": return Colours(fill: "#e8f1fb", stroke: "#3b78c2")
        case "Choice": return Colours(fill: "#fff6d6", stroke: "#b8901a")
        case "Wait": return Colours(fill: "#efe8fb", stroke: "#7b5cc4")
        case "Succeed": return Colours(fill: "#e3f5e6", stroke: "#2f8f46")
        case "Fail": return Colours(fill: "#fde8e8", stroke: "#c62828")
        case "Parallel", "Map": return Colours(fill: "#e6f5f4", stroke: "#2a8c87")
        default: return Colours(fill: "#f3f3f3", stroke: "#808080")
        }
    }

    static func status(_ status: StateStatus) -> Colours {
        switch status {
        case .succeeded: return Colours(fill: "#dff3e4", stroke: "#2e7d32")
        case .failed: return Colours(fill: "#fde2e1", stroke: "#c62828")
        case .caught: return Colours(fill: "#fff0d9", stroke: "#e08a00")
        case .running: return Colours(fill: "#e2ecfb", stroke: "#1e63c6")
        case .cancelled: return Colours(fill: "#e6e6e6", stroke: "#616161")
        case .notReached: return Colours(fill: "#ffffff", stroke: "#b0b0b0")
        }
    }

    static func label(_ status: StateStatus) -> String {
        switch status {
        case .succeeded: return "Succeeded"
        case .failed: return "Failed"
        case .caught: return "Caught error"
        case .running: return "In progress"
        case .cancelled: return "Cancelled"
        case .notReached: return "Not reached"
        }
    }

    static let fontFamily = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"
    static let edge = "#5b6770"
    static let catchEdge = "#c0392b"
    static let fadedEdge = "#c3cbd0"
    static let fadedCatch = "#e7b9b3"
    static let text = "#1d2327"
    static let muted = "#5f6b73"
}

/// XML escaping for text and attribute values.
enum XML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\n" && c != "\t" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    static func number(_ d: Double) -> String {
        let r = (d * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
