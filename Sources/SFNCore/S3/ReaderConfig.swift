import SFNJSON

/// An ItemReader's ReaderConfig as AWS defines it: how the bytes of an S3 object become Map items.
public struct ReaderConfig: Sendable {
    public enum InputType: String, Sendable {
        case csv = "CSV"
        case json = "JSON"
        case jsonl = "JSONL"
        case manifest = "MANIFEST"
    }

    public var inputType: InputType?
    /// FIRST_ROW (the default) or GIVEN (CSVHeaders names the columns).
    public var headersGiven = false
    public var headers: [String] = []
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// The most items read (0 or nil: all of them).
    public var maxItems: Int?

    /// No config: a JSON array, all of it.
    init() {}

    /// Reads the config; `maxItems` is filled in by the caller from MaxItems or MaxItemsPath.
    public init(_ value: JSONValue?) throws(LocalS3Error) {
        guard case .object(let o)? = value else { return }
        if let t = o["InputType"]?.stringValue {
            if t == "PARQUET" {
                throw LocalS3Error("InputType PARQUET is not supported locally: convert the data to CSV or JSONL")
            }
            inputType = InputType(rawValue: t)
        }
        // An Athena UNLOAD manifest lists data files in a format of its own: read as an S3 Inventory
        // manifest it would give wrong items, so it is refused until it is carried out.
        if let manifest = o["ManifestType"]?.stringValue, manifest != "S3_INVENTORY" {
            throw LocalS3Error(
                "ManifestType \(manifest) is not read locally yet: only S3 Inventory manifests (ManifestType "
                    + "S3_INVENTORY, or none) are")
        }
        headersGiven = o["CSVHeaderLocation"]?.stringValue == "GIVEN"
        headers = o["CSVHeaders"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch o["CSVDelimiter"]?.stringValue {
        case "PIPE": delimiter = UInt8(ascii: "|")
        case "SEMICOLON": delimiter = UInt8(ascii: ";")
        case "SPACE": delimiter = UInt8(ascii: " ")
        case "TAB": delimiter = UInt8(ascii: "\t")
        default: delimiter = UInt8(ascii: ",")
        }
        if headersGiven && headers.isEmpty {
            throw LocalS3Error("CSVHeaderLocation GIVEN needs CSVHeaders")
        }
    }

    /// The items of one object's bytes, at most `maxItems` of them.
    public func items(of bytes: [UInt8], key: String) throws(LocalS3Error) -> [JSONValue] {
        switch inputType {
        case .csv: return csvItems(bytes)
        case .jsonl: return try jsonlItems(bytes, key: key)
        case .json, nil:
            let value: JSONValue
            do { value = try JSONParser.parse(bytes: bytes) } catch {
                throw LocalS3Error("\(key): the object is not valid JSON: \(error.description)")
            }
            guard case .array(let a) = value else {
                throw LocalS3Error("\(key): InputType JSON needs a JSON array, but the object holds \(value.typeName)")
            }
            return limited(a)
        case .manifest:
            throw LocalS3Error("\(key): a MANIFEST is read through its listed files")
        }
    }

    func limited(_ items: [JSONValue]) -> [JSONValue] {
        guard let maxItems, maxItems > 0, items.count > maxItems else { return items }
        return Array(items.prefix(maxItems))
    }

    /// JSON Lines: one value per line; blank lines are skipped.
    func jsonlItems(_ bytes: [UInt8], key: String) throws(LocalS3Error) -> [JSONValue] {
        var items: [JSONValue] = []
        var line = 0
        for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            if let maxItems, maxItems > 0, items.count == maxItems { break }
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do { items.append(try JSONParser.parse(bytes: Array(slice))) } catch {
                throw LocalS3Error("\(key):\(line): not a JSON value: \(error.message)")
            }
        }
        return items
    }

    /// CSV rows as objects keyed by the header, every value a string (as AWS gives them); quoted
    /// fields may hold the delimiter, newlines and doubled quotes.
    func csvItems(_ bytes: [UInt8]) -> [JSONValue] {
        var items: [JSONValue] = []
        var header: [String]? = headersGiven ? headers : nil
        var reader = CSVRows(bytes: bytes, delimiter: delimiter)
        while let row = reader.next() {
            guard let names = header else {
                header = row
                continue
            }
            if let maxItems, maxItems > 0, items.count == maxItems { break }
            // Every row shares the header's one array of keys: a million rows hold one copy.
            var values: [JSONValue] = []
            values.reserveCapacity(names.count)
            for i in names.indices { values.append(.string(i < row.count ? row[i] : "")) }
            items.append(.object(JSONObject(uncheckedKeys: names, values: values)))
        }
        return items
    }
}

/// A CSV reader over bytes (RFC 4180 with a choice of delimiter; CRLF or LF line ends).
struct CSVRows {
    let bytes: [UInt8]
    let delimiter: UInt8
    var i = 0

    init(bytes: [UInt8], delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
        // A UTF-8 byte-order mark is not part of the first header.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    mutating func next() -> [String]? {
        while i < bytes.count, bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard i < bytes.count else { return nil }
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == 0x22 {
                    if i < bytes.count, bytes[i] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == 0x22 && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if c == 0x0A || c == 0x0D {
                break
            } else {
                field.append(c)
            }
        }
        row.append(String(decoding: field, as: UTF8.self))
        return row
    }
}
