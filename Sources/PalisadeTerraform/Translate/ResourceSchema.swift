/// The arguments and nested blocks the AWS provider (5.x) accepts for the resource types Palisade
/// translates, to report `Unsupported argument` as `terraform validate` does.
///
/// Only types whose schema is listed here are checked; others (and the large compute types such as
/// `aws_instance`) are not, so that a missing entry can never cause a false report.
struct ResourceSchema: Sendable {
    /// Arguments accepted in the body.
    var arguments: Set<String>
    /// Arguments that must be present.
    var required: Set<String> = []
    /// Nested block types and their schemas.
    var blocks: [String: ResourceSchema] = [:]
    /// Nested block types accepted without checking their contents.
    var opaqueBlocks: Set<String> = []
    /// Blocks that may also be written as attributes (`ingress = [...]`, "attributes as blocks").
    var attributeBlocks: Set<String> = []

    /// Meta-arguments every resource accepts.
    static let metaArguments: Set<String> = ["count", "for_each", "depends_on", "provider"]
    /// Meta-blocks every resource accepts.
    static let metaBlocks: Set<String> = ["lifecycle", "provisioner", "connection", "timeouts"]

    /// The schema of `type`, or nil when the type is not checked.
    static func of(_ type: String) -> ResourceSchema? { schemas[type] }

    private static let inlineRule = ResourceSchema(
        arguments: [
            "from_port", "to_port", "protocol", "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids",
            "security_groups", "self", "description",
        ],
        required: ["from_port", "to_port", "protocol"]
    )

    private static let vpcRule = ResourceSchema(
        arguments: [
            "security_group_id", "cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id",
            "ip_protocol", "from_port", "to_port", "description", "tags", "region",
        ],
        required: ["security_group_id", "ip_protocol"]
    )

    private static let schemas: [String: ResourceSchema] = [
        "aws_security_group": ResourceSchema(
            arguments: ["name", "name_prefix", "description", "vpc_id", "revoke_rules_on_delete", "tags", "region"],
            blocks: ["ingress": inlineRule, "egress": inlineRule],
            attributeBlocks: ["ingress", "egress"]
        ),
        "aws_default_security_group": ResourceSchema(
            arguments: ["vpc_id", "revoke_rules_on_delete", "tags", "region"],
            blocks: ["ingress": inlineRule, "egress": inlineRule],
            attributeBlocks: ["ingress", "egress"]
        ),
        "aws_security_group_rule": ResourceSchema(
            arguments: [
                "type", "from_port", "to_port", "protocol", "security_group_id", "cidr_blocks", "ipv6_cidr_blocks",
                "prefix_list_ids", "source_security_group_id", "self", "description", "region",
            ],
            required: ["type", "from_port", "to_port", "protocol", "security_group_id"]
        ),
        "aws_vpc_security_group_ingress_rule": vpcRule,
        "aws_vpc_security_group_egress_rule": vpcRule,
        "aws_vpc": ResourceSchema(
            arguments: [
                "cidr_block", "instance_tenancy", "ipv4_ipam_pool_id", "ipv4_netmask_length", "ipv6_cidr_block",
                "ipv6_ipam_pool_id", "ipv6_netmask_length", "ipv6_cidr_block_network_border_group",
                "enable_dns_support", "enable_dns_hostnames", "enable_network_address_usage_metrics",
                "assign_generated_ipv6_cidr_block", "tags", "region",
            ]
        ),
        "aws_subnet": ResourceSchema(
            arguments: [
                "vpc_id", "cidr_block", "availability_zone", "availability_zone_id", "ipv6_cidr_block",
                "map_public_ip_on_launch", "assign_ipv6_address_on_creation", "customer_owned_ipv4_pool",
                "enable_dns64", "enable_lni_at_device_index", "enable_resource_name_dns_aaaa_record_on_launch",
                "enable_resource_name_dns_a_record_on_launch", "ipv6_native", "map_customer_owned_ip_on_launch",
                "outpost_arn", "private_dns_hostname_type_on_launch", "ipv4_ipam_pool_id", "ipv4_netmask_length",
                "ipv6_ipam_pool_id", "ipv6_netmask_length", "tags", "region",
            ],
            required: ["vpc_id"]
        ),
        "aws_network_interface": ResourceSchema(
            arguments: [
                "subnet_id", "description", "private_ip", "private_ips", "private_ips_count", "private_ip_list",
                "private_ip_list_enabled", "security_groups", "source_dest_check", "ipv4_prefixes",
                "ipv4_prefix_count", "ipv6_addresses", "ipv6_address_count", "ipv6_address_list",
                "ipv6_address_list_enabled", "ipv6_prefixes", "ipv6_prefix_count", "interface_type",
                "enable_primary_ipv6", "tags", "region",
            ],
            required: ["subnet_id"],
            blocks: [
                "attachment": ResourceSchema(
                    arguments: ["instance", "device_index", "network_card_index"],
                    required: ["instance", "device_index"]
                )
            ]
        ),
        "aws_network_interface_sg_attachment": ResourceSchema(
            arguments: ["security_group_id", "network_interface_id", "region"],
            required: ["security_group_id", "network_interface_id"]
        ),
        "aws_ec2_managed_prefix_list": ResourceSchema(
            arguments: ["name", "address_family", "max_entries", "tags", "region"],
            required: ["name", "address_family", "max_entries"],
            blocks: ["entry": ResourceSchema(arguments: ["cidr", "description"], required: ["cidr"])]
        ),
    ]
}
