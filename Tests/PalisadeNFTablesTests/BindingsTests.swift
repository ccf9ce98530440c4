import PalisadeNFTables
import Testing

struct BindingsTests {
    @Test(arguments: ["", "a-very-long-interface", "eth 0", "eth0:1", "a/b", "\"x", "eth*", ".", "..", "é"])
    func rejectsInterfaceNamesNftCannotMatch(_ name: String) {
        #expect(throws: NFTRenderError(.invalidInterfaceName, value: name)) {
            try InterfaceBindings(["eni-1": name])
        }
    }

    @Test
    func rejectsOneInterfaceForTwoNetworkInterfaces() {
        #expect(throws: NFTRenderError(.duplicateInterfaceName, value: "eth0")) {
            try InterfaceBindings(["eni-1": "eth0", "eni-2": "eth0"])
        }
    }

    @Test
    func acceptsUsualNames() throws {
        let bindings = try InterfaceBindings(["eni-2": "veth-db.0", "eni-1": "eth0", "eni-3": "br_lan@x"])
        #expect(bindings.sorted.map(\.networkInterfaceId) == ["eni-1", "eni-2", "eni-3"])
    }

    @Test
    func errorDescriptionNamesTheValue() {
        #expect("\(NFTRenderError(.duplicateInterfaceName, value: "eth0"))".contains("eth0"))
    }
}
