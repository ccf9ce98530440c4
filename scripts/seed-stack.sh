#!/usr/bin/env bash
# Creates the seed article's security groups (three-tier stack and microservices, see
# /work/shared/examples/seed-terraform/) through the AWS CLI against a Palisade (or any EC2) endpoint.
#
#   scripts/seed-stack.sh ENDPOINT_URL [VPC_ID]
#
# Without VPC_ID a VPC 10.0.0.0/16 (tagged Name=seed-<env>) is created. ENVIRONMENT (default prod, as in
# example.tfvars) and CORPORATE_CIDRS (default "203.0.113.0/24 198.51.100.16/28") can be overridden.
# Like Terraform, it first creates every group (with tags), removes AWS's default allow-all egress rule
# from each, then adds the rules that reference each other. References to groups the seed never defines
# are skipped with a note. Prints "<terraform name> <group id>" lines on stdout; notes go to stderr.
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 ENDPOINT_URL [VPC_ID]" >&2
    exit 2
fi
ENDPOINT="$1"
VPC_ID="${2:-}"
ENV_NAME="${ENVIRONMENT:-prod}"
read -r -a CORP_CIDRS <<< "${CORPORATE_CIDRS:-203.0.113.0/24 198.51.100.16/28}"

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
export AWS_PAGER=""

ec2() { aws ec2 --endpoint-url "$ENDPOINT" --output text "$@"; }
note() { echo "note: $*" >&2; }

if [ -z "$VPC_ID" ]; then
    VPC_ID=$(ec2 create-vpc --cidr-block 10.0.0.0/16 \
        --tag-specifications "ResourceType=vpc,Tags=[{Key=Name,Value=seed-${ENV_NAME}}]" \
        --query Vpc.VpcId)
    note "created VPC $VPC_ID (10.0.0.0/16)"
fi

declare -A SG

# create_group TF_NAME GROUP_NAME DESCRIPTION TAG_KEY=VALUE...
create_group() {
    local tf="$1" name="$2" description="$3"
    shift 3
    local tags="" kv
    for kv in "$@"; do
        tags+="{Key=${kv%%=*},Value=${kv#*=}},"
    done
    SG[$tf]=$(ec2 create-security-group --group-name "$name" --description "$description" --vpc-id "$VPC_ID" \
        --tag-specifications "ResourceType=security-group,Tags=[${tags%,}]" --query GroupId)
    # Terraform removes the default allow-all egress rule of every group it creates.
    ec2 revoke-security-group-egress --group-id "${SG[$tf]}" \
        --ip-permissions '[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]' >/dev/null
    echo "$tf ${SG[$tf]}"
}

# json_refs DESCRIPTION TF_NAME... -> UserIdGroupPairs JSON of the groups that exist; notes the others.
json_refs() {
    local description="$1" out="" tf
    shift
    for tf in "$@"; do
        if [ -n "${SG[$tf]:-}" ]; then
            out+="{\"GroupId\":\"${SG[$tf]}\",\"Description\":\"$description\"},"
        else
            note "skipping reference to $tf in rule \"$description\": the seed never defines it"
        fi
    done
    echo "[${out%,}]"
}

# rule DIRECTION TF_NAME PORT_FROM PORT_TO DESCRIPTION (cidr:X | sg:TF_NAME)...
rule() {
    local direction="$1" tf="$2" from="$3" to="$4" description="$5"
    shift 5
    local cidrs="" groups=() peer
    for peer in "$@"; do
        case "$peer" in
            cidr:*) cidrs+="{\"CidrIp\":\"${peer#cidr:}\",\"Description\":\"$description\"}," ;;
            sg:*) groups+=("${peer#sg:}") ;;
        esac
    done
    local pairs="[]"
    if [ ${#groups[@]} -gt 0 ]; then pairs=$(json_refs "$description" "${groups[@]}"); fi
    if [ -z "$cidrs" ] && [ "$pairs" = "[]" ]; then
        note "rule \"$description\" of $tf has no peer left; skipped"
        return 0
    fi
    local protocol="tcp" ports="\"FromPort\":$from,\"ToPort\":$to,"
    if [ "$from" = "all" ]; then protocol="-1"; ports=""; fi
    local permission="[{\"IpProtocol\":\"$protocol\",${ports}\"IpRanges\":[${cidrs%,}],\"UserIdGroupPairs\":$pairs}]"
    ec2 "authorize-security-group-$direction" --group-id "${SG[$tf]}" --ip-permissions "$permission" >/dev/null
}

# ---- groups (three_tier.tf, microservices.tf)
create_group web_alb_sg "web-alb-${ENV_NAME}-sg" "Security group for web application load balancer" \
    "Name=web-alb-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Tier=public Purpose=load-balancer
create_group web_servers_sg "web-servers-${ENV_NAME}-sg" "Security group for web application servers" \
    "Name=web-servers-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Tier=private Purpose=application-server
create_group database_sg "database-${ENV_NAME}-sg" "Security group for RDS database instances" \
    "Name=database-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Tier=data Purpose=database
create_group bastion_sg "bastion-${ENV_NAME}-sg" "Security group for bastion host" \
    "Name=bastion-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Tier=management Purpose=bastion-host
create_group service_mesh_control_plane_sg "service-mesh-control-${ENV_NAME}-sg" "Security group for service mesh control plane" \
    "Name=service-mesh-control-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Purpose=service-mesh-control
create_group microservice_auth_sg "microservice-auth-${ENV_NAME}-sg" "Security group for authentication microservice" \
    "Name=microservice-auth-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Service=authentication Purpose=microservice
create_group microservice_orders_sg "microservice-orders-${ENV_NAME}-sg" "Security group for orders microservice" \
    "Name=microservice-orders-${ENV_NAME}-sg" "Environment=${ENV_NAME}" Service=orders Purpose=microservice

# ---- three_tier.tf rules
rule ingress web_alb_sg 443 443 "HTTPS from internet" cidr:0.0.0.0/0
rule ingress web_alb_sg 80 80 "HTTP from internet (redirect to HTTPS)" cidr:0.0.0.0/0
rule egress web_alb_sg 8080 8080 "HTTP to web servers" sg:web_servers_sg

rule ingress web_servers_sg 8080 8080 "HTTP from ALB" sg:web_alb_sg
rule ingress web_servers_sg 22 22 "SSH from bastion" sg:bastion_sg
rule egress web_servers_sg 3306 3306 "MySQL to database" sg:database_sg
rule egress web_servers_sg 443 443 "HTTPS for external API calls" cidr:0.0.0.0/0

rule ingress database_sg 3306 3306 "MySQL from web servers" sg:web_servers_sg
rule ingress database_sg 3306 3306 "MySQL from bastion for admin access" sg:bastion_sg

corp_peers=()
for cidr in "${CORP_CIDRS[@]}"; do corp_peers+=("cidr:$cidr"); done
rule ingress bastion_sg 22 22 "SSH from corporate network" "${corp_peers[@]}"
rule egress bastion_sg all all "All outbound traffic" cidr:0.0.0.0/0

# ---- microservices.tf rules
rule ingress service_mesh_control_plane_sg 15010 15010 "Control plane API" \
    sg:microservice_auth_sg sg:microservice_orders_sg sg:microservice_inventory_sg sg:microservice_payments_sg
rule ingress service_mesh_control_plane_sg 15011 15011 "Telemetry collection" \
    sg:microservice_auth_sg sg:microservice_orders_sg sg:microservice_inventory_sg sg:microservice_payments_sg

rule ingress microservice_auth_sg 15001 15001 "Service mesh sidecar" sg:service_mesh_control_plane_sg
rule ingress microservice_auth_sg 8080 8080 "Auth service API" \
    sg:microservice_orders_sg sg:microservice_inventory_sg sg:microservice_payments_sg
rule egress microservice_auth_sg 443 443 "External identity provider" cidr:0.0.0.0/0
rule egress microservice_auth_sg 15010 15011 "Control plane communication" sg:service_mesh_control_plane_sg

rule ingress microservice_orders_sg 8080 8080 "Orders service API" sg:web_alb_sg
rule egress microservice_orders_sg 8080 8080 "Authentication service" sg:microservice_auth_sg
rule egress microservice_orders_sg 8080 8080 "Inventory service" sg:microservice_inventory_sg
rule egress microservice_orders_sg 8080 8080 "Payments service" sg:microservice_payments_sg
rule egress microservice_orders_sg 5432 5432 "Orders database" sg:orders_database_sg

# aws_security_group_rule.service_discovery_rules points at sg-0c0ffee0c0ffee001/002 (example.tfvars),
# groups that exist only in the article's account.
note "skipping aws_security_group_rule.service_discovery_rules (consul 8500, dns 8600): their groups" \
    "(sg-0c0ffee0c0ffee001, sg-0c0ffee0c0ffee002 from example.tfvars) are not part of the seed"
note "done: 7 groups in $VPC_ID"
