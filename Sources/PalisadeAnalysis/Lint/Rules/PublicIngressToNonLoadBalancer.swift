import PalisadeFlow
import PalisadeCore
import PalisadeTerraform
/// `PAL-PUBLIC-NON-LB`: an interface that is not a load balancer admits traffic from public addresses, as the
/// flow engine's reachability computes it (every group on the interface counted).
public struct PublicIngressToNonLoadBalancer: LintCheck {
    public static let descriptor = CheckDescriptor(
        id: "PAL-PUBLIC-NON-LB", title: "Public ingress to an interface that is not a load balancer",
        defaultSeverity: .high,
        rationale: "Instances, databases and other interfaces should be reached through a load balancer or a "
            + "bastion; direct public ingress bypasses the controls in front of them.",
        fix: "Put the service behind a load balancer and admit only the load balancer's security group."
    )
    public var descriptor: CheckDescriptor { Self.descriptor }
    public init() {}

    public func findings(in context: LintContext) -> [Finding] {
        context.reachability.internetExposure().compactMap { exposure in
            let id = exposure.networkInterfaceId
            let role = context.role(of: id)
            guard role?.isLoadBalancer != true else { return nil }
            let groups = context.snapshot.networkInterfaces.first { $0.networkInterfaceId == id }?.groupIds ?? []
            let sources = exposure.sources.map { "\($0.cidr): \($0.services)" }.joined(separator: "; ")
            let what = role.map { "\($0.rawValue) \(context.address(of: id))" } ?? context.address(of: id)
            return descriptor.finding(
                "\(what) admits traffic from public addresses (\(sources)) through "
                    + groups.map(context.groupLabel).joined(separator: ", "),
                at: context.location(of: id), address: context.address(of: id), relatedIds: [id] + groups
            )
        }
    }
}
