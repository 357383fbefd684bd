import Foundation

/// `sfn console [--no-open] [sfn serve's options]`: the server on a free loopback port with the
/// local store, and the console opened in the default browser.
enum ConsoleCommand {
    static let usage = """
        Usage: sfn console [--no-open] [--port 0] [--store PATH] [--host 127.0.0.1]
                           [--mock-config FILE] [--resources FILE] [--region R] [--account ID]

        Starts `sfn serve` on a free loopback port over the local store and opens its console in the
        default browser (xdg-open, or open on macOS): the state machines with their graphs and
        definitions, every execution with its coloured graph kept current while it runs, its events,
        Stop and Redrive. The AWS API answers on the same address. See docs/console.md.

        Options:
          --no-open         Only print the address
          --port N          Port (default 0: a free one, printed)
          --store PATH      The execution store (default: $SFN_STORE, else .sfn/sfn.db)
          --host H          Address to listen on (default 127.0.0.1). Another address lets anyone who
                            reaches it use the console and the API; reach a remote machine's console
                            through an SSH tunnel instead (docs/console.md)
          --mock-config F, --resources F, --region R, --account ID
                            As `sfn serve` takes them

        The first lines on standard output name the address, with the port actually bound.

        Examples:
          sfn console
          sfn console --no-open --port 8083 --store /tmp/ci.db

        Exit status: it runs until SIGINT or SIGTERM ends it; 2 bad usage, a store that cannot be
        opened or an address that cannot be bound.
        """

    static func main(_ argv: [String]) -> Int32 {
        ServeCommand.serve(argv, command: "console", usage: usage, defaultPort: "0", flags: ["--no-open"]) {
            address, args in
            if !args.has("--no-open") { open(address) }
        }
    }

    /// Hands the address to the desktop's opener; without one the printed address is enough.
    static func open(_ address: String) {
        #if os(macOS)
        let candidates = ["/usr/bin/open"]
        #else
        let candidates = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open", "/bin/xdg-open"]
        #endif
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Console.error("sfn console: no xdg-open or open found; open \(address) in a browser")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            Console.error("sfn console: \(opener) failed (\(error)); open \(address) in a browser")
        }
    }
}
