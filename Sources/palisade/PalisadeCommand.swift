import ArgumentParser

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
}
