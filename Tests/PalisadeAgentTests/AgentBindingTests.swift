import PalisadeAgent
import Testing

struct AgentBindingTests {
    @Test(arguments: [
        ("eni-0a1b=eth0", "eni-0a1b", "eth0", nil),
        ("eni-0a1b=veth-web@web", "eni-0a1b", "veth-web", "web"),
        ("eni-1=eth0@pal-123-web", "eni-1", "eth0", "pal-123-web"),
    ] as [(String, String, String, String?)])
    func parses(text: String, id: String, interface: String, namespace: String?) throws {
        let binding = try AgentBinding(parsing: text)
        #expect(binding.networkInterfaceId == id)
        #expect(binding.interfaceName == interface)
        #expect(binding.namespace == NetworkNamespace(namespace))
        #expect(binding.description == text)
    }

    @Test(arguments: ["eni-1", "=eth0", "eni-1=", "eni-1=@ns", "eni-1=eth0@", "eni-1=eth0@a/b"])
    func rejects(text: String) {
        #expect(throws: AgentError.invalidBinding(text)) { try AgentBinding(parsing: text) }
    }
}
