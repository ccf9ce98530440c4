#!/usr/bin/env python3
"""Server CPU per call: the run time of `palisade serve`'s threads (/proc/<pid>/task/*/schedstat) around N calls
of each kind, during the calls and with the background upkeep that follows them (`--pause` seconds on).

    python3 Benchmarks/control-plane/cpu_per_call.py [--in-memory] [--calls 2000] [--connections 4] [--rules 5]
                                                     [--pause 1.5] [--palisade-bin PATH]

Sends, with the native load client (pre-built requests over keep-alive connections): CreateSecurityGroup
(tagged), AuthorizeSecurityGroupIngress of `--rules` CIDR rules on each new group, DeleteSecurityGroup of each, and
an unknown Action (the HTTP floor). Prints ops/s, p50/p99 and CPU µs per call for each. Needs a release build
(`swift build -c release --product palisade`).
"""
import argparse, os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-memory", action="store_true", help="serve from memory instead of SQLite")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rules", type=int, default=5, help="CIDR rules authorized on each group (at most 250)")
    parser.add_argument("--pause", type=float, default=1.5,
                        help="seconds before and after each phase, for background upkeep to run outside it")
    parser.add_argument("--palisade-bin", default=os.path.join(bench.ROOT, ".build", "release", "palisade"))
    args = parser.parse_args()

    server = bench.Server("palisade", args.palisade_bin, in_memory=args.in_memory, max_groups=100000)
    proc = server.proc
    try:
        load = bench.build_load_client()
        bench.ec2(server).describe_vpcs()

        def cpu_seconds():
            # Each thread's run time in nanoseconds (schedstat), summed: /proc/<pid>/stat counts 10 ms ticks.
            total = 0
            for thread in os.listdir(f"/proc/{proc.pid}/task"):
                try:
                    total += int(open(f"/proc/{proc.pid}/task/{thread}/schedstat").read().split()[0])
                except OSError:
                    pass  # a thread that ended meanwhile
            return total / 1e9

        def run(name, requests):
            time.sleep(args.pause)  # the previous phase's deferred upkeep runs now, outside this phase
            before = cpu_seconds()
            stats = bench.run_native(load, server, requests, args.connections)[0]
            used = cpu_seconds() - before
            time.sleep(args.pause)
            with_upkeep = cpu_seconds() - before
            print(f"{name:<40} {stats['ops_per_s']:8.0f} ops/s  p50 {stats['p50_ms']:6.2f} ms  p99 {stats['p99_ms']:6.2f} ms  "
                  f"CPU {used / len(requests) * 1e6:5.0f} µs/call ({with_upkeep / len(requests) * 1e6:5.0f} with the "
                  f"upkeep after it)")

        n = args.calls
        run("CreateSecurityGroup (tagged)", [{"phase": "create", "body": bench.form({
            "Action": "CreateSecurityGroup", "GroupName": f"cpu-{i}", "GroupDescription": "cpu per call",
            "TagSpecification.1.ResourceType": "security-group", "TagSpecification.1.Tag.1.Key": "Team",
            "TagSpecification.1.Tag.1.Value": f"team{i % 10}"})} for i in range(n)])
        ids = bench.group_ids(bench.ec2(server), prefix="cpu-")
        run(f"AuthorizeSecurityGroupIngress ({args.rules} rules)", [{"phase": "authorize", "body": bench.form({
            "Action": "AuthorizeSecurityGroupIngress",
            **bench.permission_params(gid, [("tcp", 1000 + k, f"10.0.{k}.0/24", None) for k in range(args.rules)])})}
            for gid in ids])
        run(f"DeleteSecurityGroup ({args.rules + 1} rules)", [{"phase": "delete", "body": bench.form({
            "Action": "DeleteSecurityGroup", "GroupId": gid})} for gid in ids])
        run("unknown Action (HTTP floor)", [{"phase": "floor", "body": bench.form({"Action": "NoSuchAction"})}
                                            for _ in range(n)])
    finally:
        server.stop()


if __name__ == "__main__":
    main()
