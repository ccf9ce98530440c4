"""Real traffic between network namespaces enforced by `palisade agent`: ports, references, conntrack, ICMP, IPv6."""

import signal
import time

import pytest

from conftest import attach_host, new_group, new_network, tcp

TIMEOUT = 0.5  # a denied probe waits this long for an answer


@pytest.fixture(scope="module")
def env(lab_factory):
    """Three hosts: `client` (group client), `server` (group server), `other` (group other, later a client).

    server admits tcp 8080 and udp 5353 from the client group, tcp 9000 from 10.99.0.0/24 and icmp from the
    client group; client may send anything; other may send anything; server's egress is empty.
    """
    lab = lab_factory()
    ec2 = lab.ec2
    vpc, subnet = new_network(ec2, ipv6=True)
    g_client = new_group(ec2, vpc, "client")
    g_server = new_group(ec2, vpc, "server", egress_all=False)
    g_other = new_group(ec2, vpc, "other")
    ec2.authorize_security_group_ingress(GroupId=g_server, IpPermissions=[
        tcp(8080, group=g_client), tcp(5353, group=g_client, proto="udp"), tcp(9000, cidr="10.99.0.0/24"),
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [{"GroupId": g_client}]},
        {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [{"GroupId": g_client}]},
    ])
    # Palisade's new groups allow all IPv4 egress only; clients also send IPv6.
    for group in (g_client, g_other):
        ec2.authorize_security_group_egress(GroupId=group, IpPermissions=[
            {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    hosts = {}
    for name, group in (("client", g_client), ("server", g_server), ("other", g_other)):
        host = lab.add_host(name)
        attach_host(lab, host, subnet, [group], ipv6=True)
        host.start_helper()
        hosts[name] = host
    hosts["server"].listen("tcp", 8080, 9000, 9100, 22)
    hosts["server"].listen("udp", 5353, 5400)
    hosts["client"].listen("tcp", 7000)
    for host in hosts.values():
        host.start_agent()
    lab.wait_applied(timeout=20)
    return dict(lab=lab, ec2=ec2, vpc=vpc, subnet=subnet, groups=dict(client=g_client, server=g_server,
                other=g_other), **hosts)


def test_allowed_and_denied_ports(env):
    client, server, other = env["client"], env["server"], env["other"]
    assert client.can("tcp", server.ip, 8080)
    assert not client.can("tcp", server.ip, 9100, timeout=TIMEOUT)  # no rule
    assert not client.can("tcp", server.ip, 22, timeout=TIMEOUT)
    assert not other.can("tcp", server.ip, 8080, timeout=TIMEOUT)  # not in the client group
    assert other.can("tcp", server.ip, 9000)  # CIDR rule
    assert client.can("udp", server.ip, 5353)
    assert not client.can("udp", server.ip, 5400, timeout=TIMEOUT)
    assert not other.can("udp", server.ip, 5353, timeout=TIMEOUT)


def test_icmp(env):
    client, server, other = env["client"], env["server"], env["other"]
    assert client.can("icmp", server.ip)
    assert not other.can("icmp", server.ip, timeout=TIMEOUT)


def test_ipv6(env):
    client, server, other = env["client"], env["server"], env["other"]
    assert client.can("tcp", server.ipv6[0], 8080)
    assert not other.can("tcp", server.ipv6[0], 8080, timeout=TIMEOUT)
    assert not client.can("tcp", server.ipv6[0], 9000, timeout=TIMEOUT)  # the CIDR rule is IPv4 only
    assert client.can("icmp", server.ipv6[0])
    assert not other.can("icmp", server.ipv6[0], timeout=TIMEOUT)


def test_return_traffic_passes_although_egress_forbids_it(env):
    """server's egress is empty, yet its replies (SYN-ACK, echo) reach the client; its own flows do not."""
    client, server = env["client"], env["server"]
    assert client.can("tcp", server.ip, 8080)
    assert not server.can("tcp", client.ip, 7000, timeout=TIMEOUT)


def test_group_reference_new_member_within_one_second(env):
    """`other` joins the client group (ModifyNetworkInterfaceAttribute): no rule changes, access in ≤ 1 s."""
    ec2, other, server, groups = env["ec2"], env["other"], env["server"], env["groups"]
    assert not other.can("tcp", server.ip, 8080, timeout=TIMEOUT)
    ec2.modify_network_interface_attribute(NetworkInterfaceId=other.eni, Groups=[groups["other"], groups["client"]])
    start = time.monotonic()
    while not other.can("tcp", server.ip, 8080, timeout=0.1):
        assert time.monotonic() - start < 1.0, "the new member was not admitted within 1 s"
    elapsed = time.monotonic() - start
    assert elapsed < 1.0
    # And the server's agent applied it as a set-element delta, not a table replacement.
    env["lab"].wait_applied()
    assert server.status()["namespaces"][0]["lastTransaction"] == "elements"
    ec2.modify_network_interface_attribute(NetworkInterfaceId=other.eni, Groups=[groups["other"]])
    env["lab"].wait_applied()
    assert not other.can("tcp", server.ip, 8080, timeout=TIMEOUT)


def test_egress_rules(env):
    """client's egress is narrowed to tcp 8080: 8080 still works, 9000 is stopped at the client itself."""
    ec2, client, server, groups, lab = env["ec2"], env["client"], env["server"], env["groups"], env["lab"]
    all_out = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    ec2.revoke_security_group_egress(GroupId=groups["client"], IpPermissions=[all_out])
    ec2.authorize_security_group_egress(GroupId=groups["client"], IpPermissions=[tcp(8080, cidr="10.99.0.0/24")])
    try:
        lab.wait_applied()
        assert client.can("tcp", server.ip, 8080)
        assert not client.can("tcp", server.ip, 9000, timeout=TIMEOUT)
        assert not client.can("udp", server.ip, 5353, timeout=TIMEOUT)
    finally:
        ec2.revoke_security_group_egress(GroupId=groups["client"], IpPermissions=[tcp(8080, cidr="10.99.0.0/24")])
        ec2.authorize_security_group_egress(GroupId=groups["client"], IpPermissions=[all_out])
        lab.wait_applied()
    assert client.can("tcp", server.ip, 9000)


def test_removed_rule_keeps_tracked_connection_but_blocks_new_ones(env):
    ec2, client, server, groups, lab = env["ec2"], env["client"], env["server"], env["groups"], env["lab"]
    assert client.call({"op": "open", "id": "tracked", "addr": server.ip, "port": 8080})["ok"]
    assert client.call({"op": "send", "id": "tracked"})["ok"]
    ec2.revoke_security_group_ingress(GroupId=groups["server"], IpPermissions=[tcp(8080, group=groups["client"])])
    try:
        lab.wait_applied()
        assert server.status()["namespaces"][0]["lastTransaction"] == "full"  # a rule change replaces the table
        assert client.call({"op": "send", "id": "tracked"})["ok"], "the open connection was cut"
        assert not client.can("tcp", server.ip, 8080, timeout=TIMEOUT), "a new connection got through"
    finally:
        client.call({"op": "close", "id": "tracked"})
        ec2.authorize_security_group_ingress(GroupId=groups["server"], IpPermissions=[tcp(8080, group=groups["client"])])
        lab.wait_applied()


def test_untracked_flow_is_cut_on_removal(env):
    """udp 5400 open to 0.0.0.0/0 while egress allows all UDP to anywhere: untracked (AWS), so removing the
    rule stops the flow at its next packet."""
    ec2, client, server, groups, lab = env["ec2"], env["client"], env["server"], env["groups"], env["lab"]
    udp_all_out = {"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    udp_5400 = tcp(5400, cidr="0.0.0.0/0", proto="udp")
    ec2.authorize_security_group_egress(GroupId=groups["server"], IpPermissions=[udp_all_out])
    ec2.authorize_security_group_ingress(GroupId=groups["server"], IpPermissions=[udp_5400])
    try:
        lab.wait_applied()
        assert "notrack" in server.nft("list", "table", "inet", "palisade").stdout
        assert client.call({"op": "udpflow", "id": "u", "addr": server.ip, "port": 5400, "sport": 40400})["ok"]
        assert client.call({"op": "udpsend", "id": "u"})["ok"]
        ec2.revoke_security_group_ingress(GroupId=groups["server"], IpPermissions=[udp_5400])
        lab.wait_applied()
        assert not client.call({"op": "udpsend", "id": "u", "timeout": TIMEOUT})["ok"], "untracked flow survived"
    finally:
        ec2.revoke_security_group_egress(GroupId=groups["server"], IpPermissions=[udp_all_out])
        lab.wait_applied()


def test_drift_is_repaired(env):
    server, other, lab = env["server"], env["other"], env["lab"]
    for vandalism in (("flush", "table", "inet", "palisade"), ("delete", "table", "inet", "palisade"),
                      ("insert", "rule", "inet", "palisade", "input", "accept")):
        server.nft(*vandalism)
        start = time.monotonic()
        while True:
            listing = server.nft("list", "table", "inet", "palisade", check=False).stdout
            if "ingress_chains" in listing and "iifname vmap @ingress_chains" in listing and \
                    not any(line.strip() == "accept" for line in listing.splitlines()):
                break
            assert time.monotonic() - start < 3.0, f"{' '.join(vandalism)} not repaired:\n{listing}"
            time.sleep(0.05)
        assert not other.can("tcp", server.ip, 8080, timeout=TIMEOUT)
    deadline = time.monotonic() + 3
    while server.status()["namespaces"][0]["driftRepairs"] < 3:  # the status is written after the repair
        assert time.monotonic() < deadline, server.status()
        time.sleep(0.05)


def test_killed_agent_restarts_from_state_dir_with_server_down(env):
    lab, client, server, other = env["lab"], env["client"], env["server"], env["other"]
    server.stop_agent(signal.SIGKILL)
    # The table stays after the kill.
    assert not other.can("tcp", server.ip, 8080, timeout=TIMEOUT)
    assert client.can("tcp", server.ip, 8080)
    lab.server.stop()
    try:
        # Wipe the table so only a re-apply from the state directory can bring enforcement back.
        server.nft("delete", "table", "inet", "palisade")
        assert other.can("tcp", server.ip, 8080)
        server.start_agent()
        start = time.monotonic()
        while other.can("tcp", server.ip, 8080, timeout=0.2):
            assert time.monotonic() - start < 5, "the restarted agent did not re-apply its state"
        assert client.can("tcp", server.ip, 8080)
        assert "from" in server.agent_log() and "before contacting the control plane" in server.agent_log()
    finally:
        lab.server.start()  # same port and database: the agents reconnect
    lab.wait_applied(timeout=30)
    assert client.can("tcp", server.ip, 8080)


def test_sigterm_leaves_rules_and_remove_on_exit_removes_them(env):
    lab, server = env["lab"], env["server"]
    server.stop_agent(signal.SIGTERM)
    assert "palisade" in server.nft("list", "tables").stdout
    server.start_agent(extra=("--remove-on-exit",))
    lab.wait_applied()
    server.stop_agent(signal.SIGTERM)
    assert "palisade" not in server.nft("list", "tables").stdout
    server.start_agent()
    lab.wait_applied()


def test_status_command(env):
    import subprocess

    from conftest import agent_bin

    server = env["server"]
    out = subprocess.run([agent_bin(), "agent", "status", "--state-dir", str(server.state_dir)],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert f"netns {server.netns}" in out.stdout and "revision" in out.stdout, out.stdout
