import Foundation
import SFNJSON

/// A folder standing in for Amazon S3: `s3://bucket/key` is the file `root/bucket/key`. What the
/// Distributed Map reads (ItemReader) and writes (ResultWriter) goes through here, so a definition
/// written for S3 runs unchanged over local files.
public struct LocalS3: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// The file that stands in for `s3://bucket/key`; nil when the bucket or key would leave the root.
    public func path(bucket: String, key: String) -> String? {
        guard Self.isSafe(bucket), !bucket.contains("/"), Self.isSafe(key) else { return nil }
        return root + "/" + bucket + "/" + key
    }

    /// The object's bytes, or an error naming the bucket, key and file.
    public func getObject(bucket: String, key: String) throws(LocalS3Error) -> [UInt8] {
        guard let file = path(bucket: bucket, key: key) else {
            throw LocalS3Error("the bucket '\(bucket)' and key '\(key)' do not name a file under \(root)")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LocalS3Error(
                "The specified key does not exist. (s3://\(bucket)/\(key), looked for the file \(file))")
        }
        return [UInt8](data)
    }

    /// Writes the object whole or not at all (a temporary file beside it, then a rename).
    public func putObject(bucket: String, key: String, bytes: [UInt8]) throws(LocalS3Error) {
        guard let file = path(bucket: bucket, key: key) else {
            throw LocalS3Error("the bucket '\(bucket)' and key '\(key)' do not name a file under \(root)")
        }
        let url = URL(fileURLWithPath: file)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LocalS3Error("cannot create the folder \(folder.path) for s3://\(bucket)/\(key)")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw LocalS3Error("cannot write \(temporary) for s3://\(bucket)/\(key)")
        }
        if rename(temporary, file) != 0 {
            unlink(temporary)
            throw LocalS3Error("cannot write \(file) for s3://\(bucket)/\(key)")
        }
    }

    /// ListObjectsV2 over a prefix: every file under `root/bucket` whose key starts with `prefix`,
    /// in key order, as AWS's Distributed Map gives them (Etag, Key, LastModified, Size, StorageClass).
    public func listObjects(bucket: String, prefix: String) throws(LocalS3Error) -> [JSONValue] {
        guard let folder = path(bucket: bucket, key: "") else {
            throw LocalS3Error("the bucket '\(bucket)' does not name a folder under \(root)")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw LocalS3Error("The specified bucket does not exist. (\(bucket), looked for the folder \(folder))")
        }
        let all = (FileManager.default.subpaths(atPath: folder) ?? []).sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
        var items: [JSONValue] = []
        for key in all where key.hasPrefix(prefix) && !Self.isTemporary(key) {
            let file = folder + key
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let data = FileManager.default.contents(atPath: file)
            else { continue }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            items.append(
                .object(
                    JSONObject([
                        ("Etag", .string("\"" + Digest.hex(Digest.md5([UInt8](data))) + "\"")),
                        ("Key", .string(key)),
                        ("LastModified", .int(Int(modified))),
                        ("Size", .int(data.count)),
                        ("StorageClass", .string("STANDARD")),
                    ])))
        }
        return items
    }

    /// Creates `folder` and its parents; the error names the object it was made for.
    static func makeFolders(_ folder: String, for object: String) throws(LocalS3Error) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw LocalS3Error("cannot create the folder \(folder) for \(object)")
        }
    }

    /// No `..` segment and no leading slash: a key never leaves its bucket's folder.
    static func isSafe(_ name: String) -> Bool {
        !name.hasPrefix("/") && !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    /// The temporary files of a write in progress are not objects.
    static func isTemporary(_ key: String) -> Bool {
        let last = key.split(separator: "/").last.map(String.init) ?? key
        return last.hasPrefix(".") && last.hasSuffix(".tmp")
    }
}

/// What went wrong reaching the local S3 folder: the message names the object and the file.
public struct LocalS3Error: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
