extension HCLFunction {
    static let networkFunctions: [HCLFunction] = [
        HCLFunction(name: "cidrsubnet", arity: 3...3) { call throws(EvaluationError) in
            let network = try parseCIDR(call, 0)
            let newBits = try call.integer(1)
            let number = try call.integer(2)
            return .string(try subnet(of: network, newBits: newBits, number: number, call: call).cidrDescription)
        },
        HCLFunction(name: "cidrsubnets", arity: 1...Int.max) { call throws(EvaluationError) in
            let network = try parseCIDR(call, 0)
            var next = network.networkAddress
            var result: [Value] = []
            for index in call.arguments.indices.dropFirst() {
                let newBits = try call.integer(index)
                let length = network.prefixLength + newBits
                guard newBits >= 1, length <= network.bitCount else {
                    throw call.error(index, "cannot extend prefix /\(network.prefixLength) by \(newBits) bits")
                }
                let size = UInt128(1) << (network.bitCount - length)
                // Align up to the subnet size.
                next = (next + size - 1) / size * size
                let subnet = IPNetwork(address: next, prefixLength: length, isIPv6: network.isIPv6)
                guard subnet.networkAddress & network.mask == network.networkAddress else {
                    throw call.error(index, "not enough remaining address space for a /\(length) subnet")
                }
                result.append(.string(subnet.cidrDescription))
                next += size
            }
            return .list(result)
        },
        HCLFunction(name: "cidrhost", arity: 2...2) { call throws(EvaluationError) in
            let network = try parseCIDR(call, 0)
            let number = try call.integer(1)
            let hostBits = network.bitCount - network.prefixLength
            let size: UInt128? = hostBits >= 128 ? nil : UInt128(1) << hostBits
            let offset: UInt128
            if number >= 0 {
                offset = UInt128(number)
                if let size, offset >= size {
                    throw call.error(1, "prefix /\(network.prefixLength) has no host number \(number)")
                }
            } else {
                let back = UInt128(number.magnitude)
                guard let size, back <= size else {
                    throw call.error(1, "prefix /\(network.prefixLength) has no host number \(number)")
                }
                offset = size - back
            }
            return .string(IPNetwork.format(network.networkAddress + offset, isIPv6: network.isIPv6))
        },
        HCLFunction(name: "cidrnetmask", arity: 1...1) { call throws(EvaluationError) in
            let network = try parseCIDR(call, 0)
            guard !network.isIPv6 else { throw call.error(0, "only IPv4 prefixes have a netmask") }
            return .string(IPNetwork.format(network.mask, isIPv6: false))
        },
    ]

    private static func parseCIDR(_ call: Call, _ index: Int) throws(EvaluationError) -> IPNetwork {
        let text = try call.string(index)
        guard let network = IPNetwork(cidr: text) else {
            throw call.error(index, "invalid CIDR prefix \(text.debugDescription), expected e.g. \"10.0.0.0/16\"")
        }
        return network
    }

    private static func subnet(of network: IPNetwork, newBits: Int, number: Int, call: Call) throws(EvaluationError)
        -> IPNetwork
    {
        let length = network.prefixLength + newBits
        guard newBits >= 0, length <= network.bitCount else {
            throw call.error(1, "cannot extend prefix /\(network.prefixLength) by \(newBits) bits")
        }
        guard number >= 0, newBits >= 64 || number < (1 << newBits) else {
            throw call.error(2, "prefix extension of \(newBits) bits cannot represent network number \(number)")
        }
        let shift = network.bitCount - length
        let address = network.networkAddress | (UInt128(number) << shift)
        return IPNetwork(address: address, prefixLength: length, isIPv6: network.isIPv6)
    }
}
