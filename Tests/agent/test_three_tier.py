"""The seed's three-tier stack (examples/seed-terraform/three_tier.tf) on five namespaces: alb, web, database,
bastion and an "internet" host holding a corporate address (203.0.113.10) and an outside one (198.51.100.10)."""

import pytest

from conftest import attach_host, new_group, new_network, tcp

CORPORATE = "203.0.113.10"
OUTSIDE = "198.51.100.10"
TIMEOUT = 0.5


@pytest.fixture(scope="module")
def stack(lab_factory):
    lab = lab_factory()
    ec2 = lab.ec2
    vpc, subnet = new_network(ec2)
    alb = new_group(ec2, vpc, "web-alb-test-sg", egress_all=False)
    web = new_group(ec2, vpc, "web-servers-test-sg", egress_all=False)
    db = new_group(ec2, vpc, "database-test-sg", egress_all=False)
    bastion = new_group(ec2, vpc, "bastion-test-sg")  # "All outbound traffic" = the default egress rule
    ec2.authorize_security_group_ingress(GroupId=alb, IpPermissions=[tcp(443, cidr="0.0.0.0/0"),
                                                                     tcp(80, cidr="0.0.0.0/0")])
    ec2.authorize_security_group_egress(GroupId=alb, IpPermissions=[tcp(8080, group=web)])
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[tcp(8080, group=alb), tcp(22, group=bastion)])
    ec2.authorize_security_group_egress(GroupId=web, IpPermissions=[tcp(3306, group=db), tcp(443, cidr="0.0.0.0/0")])
    ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[tcp(3306, group=web), tcp(3306, group=bastion)])
    ec2.authorize_security_group_ingress(GroupId=bastion, IpPermissions=[tcp(22, cidr="203.0.113.0/24")])

    internet = lab.add_host("internet")
    internet.add_address(CORPORATE)
    internet.add_address(OUTSIDE)
    internet.exec("ip", "route", "add", "10.99.0.0/24", "dev", "eth0")
    internet.start_helper()
    lab.extra_routes += ["203.0.113.0/24", "198.51.100.0/24"]
    hosts = dict(internet=internet)
    for name, group in (("alb", alb), ("web", web), ("database", db), ("bastion", bastion)):
        host = lab.add_host(name)
        attach_host(lab, host, subnet, [group])
        host.start_helper()
        host.listen("tcp", 22, 80, 443, 3306, 8080)
        host.start_agent()
        hosts[name] = host
    lab.wait_applied(timeout=20)
    return hosts


@pytest.mark.parametrize("source,target,port,allowed", [
    ("internet", "alb", 443, True),
    ("internet", "alb", 80, True),
    ("internet", "web", 8080, False),
    ("internet", "database", 3306, False),
    ("alb", "web", 8080, True),
    ("alb", "database", 3306, False),
    ("web", "database", 3306, True),  # and the database's replies pass although it has no egress rule
    ("bastion", "database", 3306, True),
    ("bastion", "web", 22, True),
    ("web", "alb", 443, True),  # web may send 443 anywhere and the ALB admits 443 from 0.0.0.0/0
    ("database", "web", 8080, False),  # no egress at all
    ("alb", "bastion", 22, False),
])
def test_paths(stack, source, target, port, allowed):
    got = stack[source].can("tcp", stack[target].ip, port, timeout=1.0 if allowed else TIMEOUT)
    assert got == allowed


def test_bastion_ssh_only_from_the_corporate_network(stack):
    internet, bastion = stack["internet"], stack["bastion"]
    assert internet.can("tcp", bastion.ip, 22, src=CORPORATE)
    assert not internet.can("tcp", bastion.ip, 22, src=OUTSIDE, timeout=TIMEOUT)
