#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Dispatches `sfn <command> ...` to the command's file; each command returns its exit status.
let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch arguments.first {
case nil, "--help", "-h", "help":
    print(Usage.main)
    status = arguments.isEmpty ? 2 : 0
case "--version", "-V", "version":
    print("sfn \(Usage.version)")
    status = 0
case "run":
    status = await RunCommand.main(Array(arguments.dropFirst()))
case "test":
    status = await TestCommand.main(Array(arguments.dropFirst()))
case "mock-config":
    status = MockConfigCommand.main(Array(arguments.dropFirst()))
case "validate":
    status = ValidateCommand.main(Array(arguments.dropFirst()))
default:
    Console.error("sfn: unknown command '\(arguments[0])'\n\n\(Usage.main)")
    status = 2
}
exit(status)
