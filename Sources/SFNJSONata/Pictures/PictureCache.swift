import Synchronization

/// Analysed pictures by their text. Picture strings are nearly always literals in an expression,
/// so analysing each one once (rather than on every call) takes most of the cost out of the
/// picture functions. Failed analyses are not cached: they end the evaluation anyway.
final class PictureCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: Value]>([:])
    private let limit: Int

    init(limit: Int = 256) { self.limit = limit }

    func value(for key: String, make: () throws(JSONataError) -> Value) throws(JSONataError) -> Value {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        // Analysed outside the lock: a slow picture must not hold up other evaluations.
        let made = try make()
        entries.withLock { entries in
            // Generated pictures could grow the cache without bound; start over instead.
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
        }
        return made
    }
}

extension Pictures {
    static let integerPictures = PictureCache<IntegerPicture>()
    static let numberPictures = PictureCache<NumberPicture>()
    static let dateTimePictures = PictureCache<DateTimePicture>()

    static func integerPicture(_ picture: String) throws(JSONataError) -> IntegerPicture {
        try integerPictures.value(for: picture) { () throws(JSONataError) in try IntegerPicture(picture) }
    }

    static func dateTimePicture(_ picture: String) throws(JSONataError) -> DateTimePicture {
        try dateTimePictures.value(for: picture) { () throws(JSONataError) in try DateTimePicture(picture) }
    }

    static func numberPicture(_ picture: String, options: [String: String]) throws(JSONataError) -> NumberPicture {
        var key = picture
        if !options.isEmpty {
            // Options are part of the analysis; length prefixes keep the key unambiguous.
            key = "\(picture.utf8.count):" + picture
            for (name, value) in options.sorted(by: { $0.key < $1.key }) {
                key += "\(name.utf8.count):" + name + "\(value.utf8.count):" + value
            }
        }
        return try numberPictures.value(for: key) { () throws(JSONataError) in
            try NumberPicture(picture, symbols: NumberPicture.Symbols(options: options))
        }
    }
}
