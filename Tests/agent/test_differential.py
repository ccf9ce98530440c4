"""Differential test: for a generated policy and generated flows between the test hosts, the kernel (a real
connection through the agents' tables) and the flow engine (`palisade agent explain`) agree on every flow.

The seed is `PALISADE_DIFF_SEED` (default 7); a failure prints it with the disagreeing flows."""

import json
import os
import random
import subprocess

import pytest

from conftest import agent_bin, attach_host, new_group, new_network

SEED = int(os.environ.get("PALISADE_DIFF_SEED", "7"))
HOSTS = 4
GROUPS = 4
TCP_PORTS = [22, 80, 443, 5005, 8080]
UDP_PORTS = [53, 5005]


def random_peer(rng, groups, host_ips):
    kind = rng.choice(["group", "group", "cidr", "host", "any"])
    if kind == "group":
        return {"UserIdGroupPairs": [{"GroupId": rng.choice(groups)}]}
    if kind == "cidr":
        return {"IpRanges": [{"CidrIp": rng.choice(["10.99.0.0/24", "10.99.0.0/28", "10.99.0.16/28"])}]}
    if kind == "host":
        return {"IpRanges": [{"CidrIp": rng.choice(host_ips) + "/32"}]}
    return {"IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


def random_permission(rng, groups, host_ips):
    proto = rng.choice(["tcp", "tcp", "tcp", "udp", "icmp", "-1"])
    perm = {"IpProtocol": proto}
    if proto in ("tcp", "udp"):
        ports = TCP_PORTS if proto == "tcp" else UDP_PORTS
        low = rng.choice(ports)
        high = low if rng.random() < 0.7 else min(65535, low + rng.choice([1, 100, 3000]))
        perm.update(FromPort=low, ToPort=high)
    elif proto == "icmp":
        perm.update(FromPort=-1, ToPort=-1)
    perm.update(random_peer(rng, groups, host_ips))
    return perm


@pytest.fixture(scope="module")
def world(lab_factory):
    rng = random.Random(SEED)
    lab = lab_factory()
    ec2 = lab.ec2
    vpc, subnet = new_network(ec2)
    groups = [new_group(ec2, vpc, f"diff-{i}", egress_all=rng.random() < 0.5) for i in range(GROUPS)]
    hosts = []
    for i in range(HOSTS):
        host = lab.add_host(f"h{i}")
        attach_host(lab, host, subnet, rng.sample(groups, rng.choice([1, 1, 2])), address=f"10.99.0.{10 + i * 5}")
        hosts.append(host)
    host_ips = [h.ip for h in hosts]
    for group in groups:
        ingress = [random_permission(rng, groups, host_ips) for _ in range(rng.randint(1, 4))]
        egress = [random_permission(rng, groups, host_ips) for _ in range(rng.randint(0, 3))]
        for perms, call in ((ingress, ec2.authorize_security_group_ingress),
                            (egress, ec2.authorize_security_group_egress)):
            for perm in perms:
                try:
                    call(GroupId=group, IpPermissions=[perm])
                except ec2.exceptions.ClientError as e:
                    if "Duplicate" not in str(e):
                        raise
    for host in hosts:
        host.start_helper()
        host.listen("tcp", *TCP_PORTS)
        host.listen("udp", *UDP_PORTS)
        host.start_agent()
    lab.wait_applied(timeout=20)
    snapshot = lab.tmp / "diff-snapshot.json"
    snapshot.write_text(json.dumps(lab.server.snapshot()))
    return lab, hosts, snapshot


def engine_verdict(snapshot, src, dst, proto, port):
    out = subprocess.run([agent_bin(), "agent", "explain", "--snapshot", str(snapshot), "--src", src, "--dst", dst,
                          "--protocol", proto, "--port", str(port)], capture_output=True, text=True, timeout=30)
    verdict = out.stdout.strip().splitlines()[0] if out.stdout.strip() else ""
    assert verdict in ("allowed", "denied"), out.stderr
    return verdict == "allowed"


def test_kernel_agrees_with_flow_engine(world):
    lab, hosts, snapshot = world
    flows = []
    for source in hosts:
        for target in hosts:
            if source is target:
                continue
            flows += [(source, target, "tcp", port) for port in TCP_PORTS]
            flows += [(source, target, "udp", port) for port in UDP_PORTS]
            flows.append((source, target, "icmp", 8))
    expected = {id(flow): engine_verdict(snapshot, flow[0].ip, flow[1].ip, flow[2], flow[3]) for flow in flows}
    kernel = {}
    for source in hosts:
        mine = [flow for flow in flows if flow[0] is source]
        results = source.batch([{"proto": proto, "addr": target.ip, "port": port, "timeout": 0.6}
                                for _, target, proto, port in mine])
        for flow, ok in zip(mine, results):
            kernel[id(flow)] = ok
    disagreements = [f"{s.name}({s.ip}) -> {t.name}({t.ip}) {proto}/{port}: kernel "
                     f"{'allowed' if kernel[id(f)] else 'denied'}, flow engine "
                     f"{'allowed' if expected[id(f)] else 'denied'}"
                     for f in flows for s, t, proto, port in [f] if kernel[id(f)] != expected[id(f)]]
    allowed = sum(expected.values())
    assert 0 < allowed < len(flows), f"seed {SEED}: a degenerate policy ({allowed}/{len(flows)} allowed)"
    assert not disagreements, f"seed {SEED}:\n" + "\n".join(disagreements)
