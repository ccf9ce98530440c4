#!/usr/bin/env python3
"""Agent benchmark (root; nftables, iproute2). Prints results; BENCHMARKS.md records them.

1. Full apply: GROUPS groups × RULES rules on INTERFACES interfaces bound in one namespace (plus CONCURRENT
   unbound interfaces in another subnet, whose group changes are membership changes). The agent's
   replacement transaction (its `nft -f` run, from the status file) and its end-to-end time (start → table in
   the kernel) against loading the same rendered file (`palisade agent render`) with `nft -f`, best of 3.
   Then a rule change: revoking a CIDR rule, an element delta, until the element leaves the kernel set.
2. Membership change → kernel: ModifyNetworkInterfaceAttribute adds a member to a referenced group; time until
   `nft list set` in the namespace shows it. p50/p99 over ITERATIONS.
3. 100 concurrent membership changes (clients made beforehand, calls released together): time from the
   first call until all 100 addresses are in the set, and after the last call; how many transactions the
   agent used. Then the same 100 changes undone at once by the native load client (Benchmarks/LoadClient),
   whose calls take milliseconds instead of the ~300 ms of 100 boto3 calls in one Python process.

    sudo PALISADE_BIN=.build/release/palisade python3 Benchmarks/agent/bench.py [--groups 500 --rules 60
        --interfaces 200 --iterations 100]

Build in release mode. Membership changes take the agent's fast path (group-set element deltas computed from
the changed interfaces, no rendering); the agent logs, per transaction, the nft time, the planning time and the
time since the change feed answered, and section 2 summarises them from the agent's log.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "agent"))
from conftest import Lab, agent_bin, new_group, new_network, sh  # noqa: E402


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def build_policy(lab, groups, rules, interfaces, remote):
    """Groups and rules; `interfaces` ENIs to bind; `remote` ENIs in another subnet that are never bound,
    whose group changes are membership changes for the bound ones."""
    ec2 = lab.ec2
    vpc, subnet = new_network(ec2)
    remote_subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.99.1.0/24", AvailabilityZone="us-east-1a")[
        "Subnet"]["SubnetId"]
    ec2_groups = []
    for g in range(groups):
        ec2_groups.append(new_group(ec2, vpc, f"bench-{g}", egress_all=True))
    for g, gid in enumerate(ec2_groups):
        perms = []
        for r in range(rules):
            port = 1000 + r
            if r % 3 == 0:
                perms.append({"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                              "UserIdGroupPairs": [{"GroupId": ec2_groups[(g + r) % groups]}]})
            elif r % 3 == 1:
                perms.append({"IpProtocol": "udp", "FromPort": port, "ToPort": port + 10,
                              "IpRanges": [{"CidrIp": f"10.{(g * 7 + r) % 250}.{r % 250}.0/24"}]})
            else:
                perms.append({"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                              "IpRanges": [{"CidrIp": f"172.16.{(g + r) % 250}.0/24"}]})
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)
    enis = []
    for i in range(interfaces):
        attached = [ec2_groups[(i * 5 + k) % groups] for k in range(min(5, groups))]
        enis.append(ec2.create_network_interface(SubnetId=subnet, Groups=attached)["NetworkInterface"])
    remotes = [ec2.create_network_interface(SubnetId=remote_subnet, Groups=[ec2_groups[-1]])["NetworkInterface"]
               for _ in range(remote)]
    return vpc, subnet, ec2_groups, enis, remotes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=500)
    parser.add_argument("--rules", type=int, default=60)
    parser.add_argument("--interfaces", type=int, default=200)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--concurrent", type=int, default=100)
    args = parser.parse_args()

    lab = Lab(tempfile.mkdtemp(prefix="palisade-bench-"))
    try:
        run(lab, args)
    finally:
        lab.close()


def run(lab, args):
    t0 = time.monotonic()
    vpc, subnet, groups, enis, remotes = build_policy(
        lab, args.groups, args.rules, args.interfaces, max(args.concurrent, 2))
    print(f"policy: {args.groups} groups x {args.rules} rules, {args.interfaces} interfaces "
          f"(built through the API in {time.monotonic() - t0:.1f} s)")
    host = lab.add_host("bench")
    # veth pairs, both ends in the namespace (dummy interfaces need a module that may be missing).
    batch = "".join(f"link add d{i} type veth peer name e{i}\nlink set d{i} up\n" for i in range(len(enis)))
    sh("ip", "-n", host.netns, "-batch", "-", input=batch)
    binds = [f"{eni['NetworkInterfaceId']}=d{i}@{host.netns}" for i, eni in enumerate(enis)]
    bind_args = [x for b in binds for x in ("--bind", b)]

    # ------------------------------------------------------------------ 1. full apply vs nft -f
    snapshot_file = lab.tmp / "snapshot.json"
    snapshot_file.write_text(json.dumps(lab.server.snapshot()))
    script = lab.tmp / "rendered.nft"
    with open(script, "w") as out:
        subprocess.run([agent_bin(), "agent", *bind_args, "render", "--snapshot", str(snapshot_file)],
                       stdout=out, check=True)
    nft_times = []
    for _ in range(3):
        start = time.monotonic()
        host.exec("nft", "-f", str(script), timeout=300)
        nft_times.append((time.monotonic() - start) * 1000)
    host.exec("nft", "delete", "table", "inet", "palisade")
    size = script.stat().st_size
    print(f"rendered file: {size / 1e6:.2f} MB, {sum(1 for _ in open(script))} lines")
    print(f"nft -f (same file, best of 3): {min(nft_times):.0f} ms  (all: {', '.join(f'{t:.0f}' for t in nft_times)})")

    state = lab.tmp / "state"
    log = open(lab.tmp / "agent.log", "w")
    start = time.monotonic()
    agent = subprocess.Popen([agent_bin(), "agent", "--endpoint", lab.server.url, *bind_args,
                              "--state-dir", str(state), "--poll-wait", "20"], stdout=log, stderr=log)
    lab.processes.append(agent)
    status_file = state / "status.json"
    revision = lab.server.revision()
    while True:
        try:
            status = json.loads(status_file.read_text())
            if status["namespaces"][0].get("revision") == revision:
                break
        except (OSError, ValueError, KeyError):
            pass
        if agent.poll() is not None or time.monotonic() - start > 600:
            print(open(lab.tmp / "agent.log").read()[-3000:])
            raise SystemExit("agent did not apply the policy")
        time.sleep(0.02)
    end_to_end = (time.monotonic() - start) * 1000
    entry = status["namespaces"][0]
    print(f"agent full apply transaction: {entry['lastDurationMilliseconds']:.0f} ms "
          f"({entry['lastDurationMilliseconds'] / min(nft_times):.2f}x nft -f); "
          f"{entry['chains']} chains, {entry['rules']} rules, {entry['sets']} sets, {entry['setElements']} elements")
    print(f"agent start -> table in kernel (process start, snapshot fetch, render, apply): {end_to_end:.0f} ms")

    # A rule change: CIDR rules are elements of the interface's concatenated sets, so revoking one is an element
    # delta. Group 0's rule 2 (tcp 1002 from 172.16.2.0/24) is on interface 0 and on no other group of it.
    ports_set = f"eni_{enis[0]['NetworkInterfaceId'][4:]}_ingress_ports_v4"
    element = "172.16.2.0/24 . tcp . 1002"
    assert element in host.nft("list", "set", "inet", "palisade", ports_set).stdout
    start = time.monotonic()
    lab.ec2.revoke_security_group_ingress(GroupId=groups[0], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 1002, "ToPort": 1002, "IpRanges": [{"CidrIp": "172.16.2.0/24"}]}])
    while element in host.nft("list", "set", "inet", "palisade", ports_set).stdout:
        if time.monotonic() - start > 120:
            raise SystemExit("rule change not applied within 120 s")
    print(f"rule change (revoke a CIDR rule) API call -> element gone from the kernel set: "
          f"{(time.monotonic() - start) * 1000:.0f} ms")

    # ------------------------------------------------------------------ 2. membership change latency
    target = groups[0]  # referenced by rules of other groups: has a named set
    set_name = None
    listing = host.nft("list", "sets", "inet").stdout
    wanted = "sg_" + target.replace("-", "_")[3:]
    for line in listing.splitlines():
        line = line.strip()
        if line.startswith("set ") and wanted in line and line.endswith("_v4 {"):
            set_name = line.split()[1]
    assert set_name, f"no set for {target}"
    latencies = []
    for i in range(args.iterations):
        eni = remotes[(i // 2) % len(remotes)]  # joins, then leaves
        address = eni["PrivateIpAddress"]
        current = [g["GroupId"] for g in eni["Groups"]]
        joining = target not in current
        new_groups = (current[:4] + [target]) if joining else [g for g in current if g != target]
        start = time.monotonic()
        lab.ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=new_groups)
        while True:
            members = host.nft("list", "set", "inet", "palisade", set_name).stdout
            if (address in members.replace(",", " ").split()) == joining:
                break
            if time.monotonic() - start > 10:
                raise SystemExit(f"membership change {i} not applied within 10 s")
        latencies.append((time.monotonic() - start) * 1000)
        eni["Groups"] = [{"GroupId": g} for g in new_groups]
    timings = [tuple(float(x) for x in m.groups()) for m in re.finditer(
        r"applied \d+ set element changes .*? in ([0-9.]+) ms \(planning ([0-9.]+) ms, ([0-9.]+) ms after the change "
        r"feed answered\)", open(lab.tmp / "agent.log").read())][-len(latencies):]
    if timings:
        for index, label in enumerate(["nft -f", "planning", "feed answer -> committed"]):
            column = [t[index] for t in timings]
            print(f"  agent log, {label}: p50 {percentile(column, 50):.1f} ms, p99 {percentile(column, 99):.1f} ms")
    print(f"membership change API call -> kernel set ({len(latencies)} changes): p50 {percentile(latencies, 50):.1f} ms, "
          f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms "
          f"(includes the API call and the polling: one `nft list set` takes ~15 ms at the full size)")

    # ------------------------------------------------------------------ 3. concurrent membership changes
    before = json.loads(status_file.read_text())["namespaces"][0]
    batch = [eni for eni in remotes if target not in [g["GroupId"] for g in eni["Groups"]]][: args.concurrent]
    addresses = {eni["PrivateIpAddress"] for eni in batch}

    # Clients are made beforehand (a boto3 client costs tens of ms of CPU) and the calls start together.
    clients = [lab.server.ec2() for _ in batch]
    barrier = threading.Barrier(len(batch))

    def join(pair):
        eni, client = pair
        current = [g["GroupId"] for g in eni["Groups"]]
        barrier.wait()
        released = time.monotonic()
        client.modify_network_interface_attribute(
            NetworkInterfaceId=eni["NetworkInterfaceId"], Groups=current[:4] + [target])
        return released, time.monotonic()

    with ThreadPoolExecutor(max_workers=len(batch)) as pool:
        calls = list(pool.map(join, zip(batch, clients)))
    start = min(released for released, _ in calls)
    last_call = max(finished for _, finished in calls)

    def settle(label, start, last_call, before, applied):
        """Polls the set until `applied(members)`, then prints the timings and the agent's transactions."""
        while not applied(set(host.nft("list", "set", "inet", "palisade", set_name).stdout.replace(",", " ").split())):
            if time.monotonic() - start > 30:
                raise SystemExit(f"{label} not applied within 30 s")
        done = time.monotonic()
        time.sleep(0.5)
        after = json.loads(status_file.read_text())["namespaces"][0]
        print(f"{len(batch)} {label}: calls took {(last_call - start) * 1000:.0f} ms; "
              f"all in kernel {(done - start) * 1000:.0f} ms after the first call, {(done - last_call) * 1000:.0f} ms "
              f"after the last; {after['elementApplies'] - before['elementApplies']} element transactions, "
              f"{after['fullApplies'] - before['fullApplies']} replacements; last transaction "
              f"{after['lastDurationMilliseconds']} ms")

    settle("concurrent membership changes", start, last_call, before, lambda members: addresses <= members)

    # The same 100 changes undone by a native client (pre-built requests over 16 keep-alive connections), so that
    # the calls themselves take milliseconds rather than the ~300 ms that 100 boto3 calls cost in one Python
    # process: how long the control plane and the agent need once the changes are made together.
    load_bin = build_load_client()
    before = json.loads(status_file.read_text())["namespaces"][0]
    bodies = []
    for eni in batch:
        current = [g["GroupId"] for g in eni["Groups"]][:4]
        fields = {"Action": "ModifyNetworkInterfaceAttribute", "Version": "2016-11-15",
                  "NetworkInterfaceId": eni["NetworkInterfaceId"]}
        for index, group in enumerate(current or [[g["GroupId"] for g in eni["Groups"]][0]]):
            fields[f"SecurityGroupId.{index + 1}"] = group
        bodies.append({"phase": "leave", "body": urllib.parse.urlencode(fields)})
    port = int(lab.server.url.rsplit(":", 1)[1])
    started = time.monotonic()
    stats = json.loads(subprocess.run([load_bin, "127.0.0.1", str(port), "16"], input="".join(
        json.dumps(b) + "\n" for b in bodies).encode(), stdout=subprocess.PIPE, check=True).stdout)[0]
    calls_done = time.monotonic()
    if stats["errors"]:
        raise SystemExit(f"native calls failed: {stats['first_error']}")
    settle("concurrent membership changes undone by the native client (calls include its start)", started, calls_done,
           before, lambda members: not (addresses & members))
    agent.terminate()
    agent.wait(timeout=30)


def build_load_client():
    """The native load client of the control-plane benchmark (Benchmarks/LoadClient), built once."""
    root = Path(__file__).resolve().parents[2]
    subprocess.run(["swift", "build", "-c", "release", "--package-path", str(root / "Benchmarks" / "LoadClient"),
                    "--scratch-path", str(root / ".build-load")], check=True, stdout=subprocess.DEVNULL)
    return str(root / ".build-load" / "release" / "palisade-load")


if __name__ == "__main__":
    main()
