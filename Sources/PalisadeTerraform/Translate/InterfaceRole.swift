/// What a translated interface stands for, so checks can tell a load balancer from an instance.
public enum InterfaceRole: String, Sendable, Hashable, CaseIterable {
    /// `aws_network_interface`.
    case networkInterface = "aws_network_interface"
    /// `aws_instance`: its primary interface.
    case instance = "aws_instance"
    /// `aws_launch_template`: the interface of every instance launched from it.
    case launchTemplate = "aws_launch_template"
    /// `aws_db_instance`: the database's interface.
    case databaseInstance = "aws_db_instance"
    /// `aws_lb`: the load balancer's interfaces.
    case loadBalancer = "aws_lb"

    /// Whether the interface is a load balancer's, which public ingress is expected to reach.
    public var isLoadBalancer: Bool { self == .loadBalancer }
}
