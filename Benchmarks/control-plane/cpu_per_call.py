#!/usr/bin/env python3
"""Server CPU per call: utime + stime of `palisade serve` (from /proc/<pid>/stat) around N calls of each kind.

    python3 Benchmarks/control-plane/cpu_per_call.py [--in-memory] [--calls 2000] [--connections 4]

Sends, with the native load client (pre-built requests over keep-alive connections): CreateSecurityGroup
(tagged), AuthorizeSecurityGroupIngress of 5 CIDR rules on each new group, DeleteSecurityGroup of each, and
an unknown Action (the HTTP floor). Prints ops/s, p50/p99 and CPU µs per call for each. Needs a release build
(`swift build -c release --product palisade`).
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-memory", action="store_true", help="serve from memory instead of SQLite")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--palisade-bin", default=os.path.join(bench.ROOT, ".build", "release", "palisade"))
    args = parser.parse_args()

    server = bench.Server("palisade", args.palisade_bin, in_memory=args.in_memory, max_groups=100000)
    proc = server.proc
    try:
        load = bench.build_load_client()
        bench.ec2(server).describe_vpcs()

        def cpu_seconds():
            fields = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        def run(name, requests):
            before = cpu_seconds()
            stats = bench.run_native(load, server, requests, args.connections)[0]
            used = cpu_seconds() - before
            print(f"{name:<40} {stats['ops_per_s']:8.0f} ops/s  p50 {stats['p50_ms']:6.2f} ms  p99 {stats['p99_ms']:6.2f} ms  "
                  f"CPU {used / len(requests) * 1e6:5.0f} µs/call")

        n = args.calls
        run("CreateSecurityGroup (tagged)", [{"phase": "create", "body": bench.form({
            "Action": "CreateSecurityGroup", "GroupName": f"cpu-{i}", "GroupDescription": "cpu per call",
            "TagSpecification.1.ResourceType": "security-group", "TagSpecification.1.Tag.1.Key": "Team",
            "TagSpecification.1.Tag.1.Value": f"team{i % 10}"})} for i in range(n)])
        ids = bench.group_ids(bench.ec2(server), prefix="cpu-")
        run("AuthorizeSecurityGroupIngress (5 rules)", [{"phase": "authorize", "body": bench.form({
            "Action": "AuthorizeSecurityGroupIngress",
            **bench.permission_params(gid, [("tcp", 1000 + k, f"10.0.{k}.0/24", None) for k in range(5)])})} for gid in ids])
        run("DeleteSecurityGroup", [{"phase": "delete", "body": bench.form({"Action": "DeleteSecurityGroup", "GroupId": gid})}
                                    for gid in ids])
        run("unknown Action (HTTP floor)", [{"phase": "floor", "body": bench.form({"Action": "NoSuchAction"})}
                                            for _ in range(n)])
    finally:
        server.stop()


if __name__ == "__main__":
    main()
