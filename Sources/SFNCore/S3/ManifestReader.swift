import SFNJSON

/// An S3 Inventory manifest (`manifest.json`) as an ItemReader's MANIFEST input: its CSV files,
/// listed under `files`, in the destination bucket, with columns named by `fileSchema`.
struct ManifestReader {
    let s3: LocalS3
    let config: ReaderConfig

    func items(manifest bytes: [UInt8], key: String) throws(LocalS3Error) -> [JSONValue] {
        let manifest: JSONValue
        do { manifest = try JSONParser.parse(bytes: bytes) } catch {
            throw LocalS3Error("\(key): the manifest is not valid JSON: \(error.description)")
        }
        let format = manifest["fileFormat"]?.stringValue ?? "CSV"
        guard format == "CSV" else {
            throw LocalS3Error("\(key): the inventory's fileFormat is \(format); only CSV inventories are read locally")
        }
        guard let schema = manifest["fileSchema"]?.stringValue,
            let destination = manifest["destinationBucket"]?.stringValue,
            let files = manifest["files"]?.arrayValue
        else {
            throw LocalS3Error("\(key): an S3 Inventory manifest needs fileSchema, destinationBucket and files")
        }
        // destinationBucket is an ARN: arn:aws:s3:::NAME.
        let bucket = destination.split(separator: ":").last.map(String.init) ?? destination
        let columns = schema.split(separator: ",").map { Self.trimmed(String($0)) }
        var items: [JSONValue] = []
        for file in files {
            guard let fileKey = file["key"]?.stringValue else {
                throw LocalS3Error("\(key): a file of the manifest has no key")
            }
            if fileKey.hasSuffix(".gz") {
                throw LocalS3Error(
                    "\(key): the inventory file \(fileKey) is compressed; store it uncompressed (without .gz) locally")
            }
            var rows = CSVRows(bytes: try s3.getObject(bucket: bucket, key: fileKey), delimiter: UInt8(ascii: ","))
            while let row = rows.next() {
                if let max = config.maxItems, max > 0, items.count == max { return items }
                var o = JSONObject(minimumCapacity: columns.count)
                for (i, name) in columns.enumerated() { o.append(name, .string(i < row.count ? row[i] : "")) }
                items.append(.object(o))
            }
        }
        return items
    }
}

extension ManifestReader {
    /// A fileSchema column name without the spaces around it.
    static func trimmed(_ name: String) -> String {
        var s = Substring(name)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
