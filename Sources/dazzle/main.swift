import DazzleCommands
import Foundation

let context = CommandContext(
    standardOutput: FileDescriptorOutput.standardOutput,
    standardError: FileDescriptorOutput.standardError,
    environment: ProcessInfo.processInfo.environment,
    workingDirectory: FileManager.default.currentDirectoryPath)
exit(DazzleCLI.main(Array(CommandLine.arguments.dropFirst()), context: context))
