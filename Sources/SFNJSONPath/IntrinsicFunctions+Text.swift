import SFNJSON

extension IntrinsicFunctions {
    /// AWS limits the text States.Base64Encode, Base64Decode and Hash accept.
    static let maxTextLength = 10_000

    static func base64Encode(_ value: JSONValue) -> Outcome {
        guard case .string(let s) = value else {
            return .failure(IntrinsicError.wrongType(.base64Encode, argument: 0, expected: "a string", got: value))
        }
        guard s.unicodeScalars.count <= maxTextLength else {
            return .failure(
                IntrinsicError.failure(.base64Encode, "the input is longer than \(maxTextLength) characters"))
        }
        return .success(.string(Base64.encode(Array(s.utf8))))
    }

    static func base64Decode(_ value: JSONValue) -> Outcome {
        guard case .string(let s) = value else {
            return .failure(IntrinsicError.wrongType(.base64Decode, argument: 0, expected: "a string", got: value))
        }
        guard s.unicodeScalars.count <= maxTextLength else {
            return .failure(
                IntrinsicError.failure(.base64Decode, "the input is longer than \(maxTextLength) characters"))
        }
        guard let bytes = Base64.decode(s) else {
            return .failure(IntrinsicError.failure(.base64Decode, "the input is not valid base64: \(s)"))
        }
        return .success(.string(String(decoding: bytes, as: UTF8.self)))
    }

    static func hash(_ data: JSONValue, _ algorithm: JSONValue) -> Outcome {
        guard case .string(let s) = data else {
            return .failure(IntrinsicError.wrongType(.hash, argument: 0, expected: "a string", got: data))
        }
        guard case .string(let name) = algorithm else {
            return .failure(IntrinsicError.wrongType(.hash, argument: 1, expected: "a string", got: algorithm))
        }
        guard s.unicodeScalars.count <= maxTextLength else {
            return .failure(IntrinsicError.failure(.hash, "the input is longer than \(maxTextLength) characters"))
        }
        let bytes = Array(s.utf8)
        let digest: [UInt8]
        switch name {
        case "MD5": digest = Digest.md5(bytes)
        case "SHA-1": digest = Digest.sha1(bytes)
        case "SHA-256": digest = Digest.sha256(bytes)
        case "SHA-384": digest = Digest.sha512(bytes, outputBytes: 48)
        case "SHA-512": digest = Digest.sha512(bytes, outputBytes: 64)
        default:
            return .failure(
                IntrinsicError.failure(
                    .hash, "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, but was \(name)"))
        }
        return .success(.string(Digest.hex(digest)))
    }

    /// Splits at every character that occurs in the delimiter and drops empty pieces.
    static func stringSplit(_ value: JSONValue, _ delimiter: JSONValue) -> Outcome {
        guard case .string(let s) = value else {
            return .failure(IntrinsicError.wrongType(.stringSplit, argument: 0, expected: "a string", got: value))
        }
        guard case .string(let d) = delimiter else {
            return .failure(IntrinsicError.wrongType(.stringSplit, argument: 1, expected: "a string", got: delimiter))
        }
        let separators = Set(d.unicodeScalars)
        var pieces: [JSONValue] = []
        var current = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if separators.contains(c) {
                if !current.isEmpty { pieces.append(.string(String(current))); current = String.UnicodeScalarView() }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { pieces.append(.string(String(current))) }
        return .success(.array(pieces))
    }

    /// A version 4 UUID built from the injected randomness.
    static func uuid(_ random: () -> UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let hi = random()
        let lo = random()
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: hi >> (56 - 8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: lo >> (56 - 8 * UInt64(i)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Digest.hex(bytes)
        var out = ""
        out.reserveCapacity(36)
        for (i, c) in hex.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append("-") }
            out.append(c)
        }
        return out
    }
}
