import PalisadeTerraform

/// Local modules read from disk and parsed once for all the root modules of one command, which often call the same
/// shared module (`../modules/security-group`).
final class ModuleCache {
    private var modules: [String: TerraformModule?] = [:]

    /// The parsed `.tf` files of `directory`, or nil when it has none or cannot be read.
    func module(in directory: String) -> TerraformModule? {
        if let known = modules[directory] { return known }
        let files = AnalysisInput.terraformFiles(in: directory, extension: ".tf")
        let module = files.flatMap { $0.isEmpty ? nil : TerraformModule(directory: directory, files: $0) }
        modules[directory] = .some(module)
        return module
    }
}
