#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl, loaded with `dlopen` on the first HTTP task: neither start-up nor the installed binary
/// depends on it, and a machine without it gets an error naming the package to install.
///
/// The variadic `curl_easy_setopt`/`getinfo` are called through fixed prototypes (one pointer or
/// one long after the option): on the SysV x86-64 and AArch64 Linux ABIs such an argument travels
/// in the same register either way.
final class Curl: @unchecked Sendable {
    typealias Handle = OpaquePointer
    private typealias InitFn = @convention(c) () -> Handle?
    private typealias SetPtrFn = @convention(c) (Handle, Int32, UnsafeRawPointer?) -> Int32
    private typealias SetLongFn = @convention(c) (Handle, Int32, Int) -> Int32
    private typealias PerformFn = @convention(c) (Handle) -> Int32
    private typealias CleanupFn = @convention(c) (Handle) -> Void
    private typealias InfoFn = @convention(c) (Handle, Int32, UnsafeMutableRawPointer) -> Int32
    private typealias StrErrorFn = @convention(c) (Int32) -> UnsafePointer<CChar>?
    private typealias SListAppendFn = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    private typealias SListFreeFn = @convention(c) (OpaquePointer?) -> Void
    private typealias GlobalInitFn = @convention(c) (Int) -> Int32

    typealias DataCallback = @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int

    private let initFn: InitFn
    private let setPtr: SetPtrFn
    private let setLong: SetLongFn
    private let performFn: PerformFn
    private let cleanupFn: CleanupFn
    private let infoFn: InfoFn
    private let strerrorFn: StrErrorFn
    private let slistAppend: SListAppendFn
    private let slistFree: SListFreeFn

    // Option numbers from curl.h (stable ABI: type base + index).
    static let optURL: Int32 = 10002
    static let optWriteData: Int32 = 10001
    static let optWriteFunction: Int32 = 20011
    static let optHeaderData: Int32 = 10029
    static let optHeaderFunction: Int32 = 20079
    static let optCustomRequest: Int32 = 10036
    static let optHTTPHeader: Int32 = 10023
    static let optPostFieldSize: Int32 = 60
    static let optCopyPostFields: Int32 = 10165
    static let optNoBody: Int32 = 44
    static let optTimeout: Int32 = 13
    static let optNoSignal: Int32 = 99
    static let optHTTPGet: Int32 = 80
    static let infoResponseCode: Int32 = 0x20_0002

    /// The library names tried in order: Debian's libcurl4 (OpenSSL), then its GnuTLS build.
    static let libraryNames = ["libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"]

    private static let loaded: Result<Curl, StatesError> = load()

    /// The loaded library, or the error that says what to install.
    static func shared() throws(StatesError) -> Curl { try loaded.get() }

    private init(_ lib: UnsafeMutableRawPointer) throws(StatesError) {
        func symbol<T>(_ name: String, _: T.Type) throws(StatesError) -> T {
            guard let p = dlsym(lib, name) else {
                throw StatesError("States.Runtime", "libcurl has no symbol '\(name)'; install a libcurl 7.x or 8.x.")
            }
            return unsafeBitCast(p, to: T.self)
        }
        initFn = try symbol("curl_easy_init", InitFn.self)
        setPtr = try symbol("curl_easy_setopt", SetPtrFn.self)
        setLong = try symbol("curl_easy_setopt", SetLongFn.self)
        performFn = try symbol("curl_easy_perform", PerformFn.self)
        cleanupFn = try symbol("curl_easy_cleanup", CleanupFn.self)
        infoFn = try symbol("curl_easy_getinfo", InfoFn.self)
        strerrorFn = try symbol("curl_easy_strerror", StrErrorFn.self)
        slistAppend = try symbol("curl_slist_append", SListAppendFn.self)
        slistFree = try symbol("curl_slist_free_all", SListFreeFn.self)
        // CURL_GLOBAL_DEFAULT (SSL | WIN32), once, before any handle: it is not thread-safe.
        _ = try symbol("curl_global_init", GlobalInitFn.self)(3)
    }

    private static func load() -> Result<Curl, StatesError> {
        for name in libraryNames {
            if let lib = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                do throws(StatesError) { return .success(try Curl(lib)) } catch { return .failure(error) }
            }
        }
        return .failure(
            StatesError(
                "States.Runtime",
                "HTTP tasks need libcurl, which was not found (tried \(libraryNames.joined(separator: ", "))). "
                    + "Install it: apt-get install -y libcurl4 (Debian, Ubuntu), dnf install libcurl (Fedora)."))
    }

    func makeHandle() -> Handle? { initFn() }
    func cleanup(_ h: Handle) { cleanupFn(h) }
    @discardableResult func set(_ h: Handle, _ option: Int32, _ value: UnsafeRawPointer?) -> Int32 {
        setPtr(h, option, value)
    }
    @discardableResult func set(_ h: Handle, _ option: Int32, long value: Int) -> Int32 { setLong(h, option, value) }
    func set(_ h: Handle, _ option: Int32, string: String) -> Int32 {
        string.withCString { setPtr(h, option, $0) }
    }
    func set(_ h: Handle, _ option: Int32, callback: DataCallback) -> Int32 {
        setPtr(h, option, unsafeBitCast(callback, to: UnsafeRawPointer.self))
    }
    func perform(_ h: Handle) -> Int32 { performFn(h) }
    func responseCode(_ h: Handle) -> Int {
        var code = 0
        _ = withUnsafeMutablePointer(to: &code) { infoFn(h, Self.infoResponseCode, UnsafeMutableRawPointer($0)) }
        return code
    }
    func message(_ code: Int32) -> String { strerrorFn(code).map { String(cString: $0) } ?? "curl error \(code)" }
    func append(_ list: OpaquePointer?, _ line: String) -> OpaquePointer? {
        line.withCString { slistAppend(list, $0) }
    }
    func free(_ list: OpaquePointer?) { slistFree(list) }
}
