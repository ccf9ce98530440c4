import ArgumentParser
import NIOCore
import NIOPosix

/// The `palisade` command: one executable for the server, the agent and the analysis tools.
@main
struct PalisadeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade",
        abstract: "AWS-compatible security groups: control plane, flow engine, agent and analyzer.",
        subcommands: [
            ServeCommand.self, CheckCommand.self, ReachCommand.self, LintCommand.self, DiffCommand.self, GraphCommand.self,
            ImportCommand.self, AgentCommand.self, AccountsCommand.self, KeysCommand.self, EventsCommand.self,
        ])

    static func main() async {
        if CommandLine.arguments.dropFirst().first == ServeCommand.configuration.commandName {
            // The server's request handlers then run on the event loop that read the request instead of hopping to
            // Swift's global pool and back (two thread wake-ups per request, most of an HTTP request's CPU time
            // measured with `perf`). Installed before `serve` starts any task; it must be done once, first thing.
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }
}
