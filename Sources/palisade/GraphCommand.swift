import ArgumentParser
import PalisadeAnalysis

/// `palisade graph`: security groups, the references between them (one edge per rule, labelled with protocol and
/// ports) and the interfaces and instances attached to them, as Graphviz DOT or JSON.
///
/// ```
/// $ palisade graph seed-terraform --var-file seed-terraform/example.tfvars | dot -Tsvg > groups.svg
/// ```
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Security groups, references and attachments as DOT or JSON.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, json }

    @OptionGroup var input: AnalysisPaths
    @Option(help: "Output format: dot or json.") var format: Format = .dot

    func run() throws {
        guard !input.paths.isEmpty else {
            printError("give at least one PATH")
            throw ExitCode(2)
        }
        let graph = SecurityGroupGraph(try input.read().context)
        switch format {
        case .dot: print(graph.dot, terminator: "")
        case .json: try printJSON(graph)
        }
    }
}
