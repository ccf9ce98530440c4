#!/usr/bin/env python3
"""Control-plane benchmark: Palisade against moto_server in the same run.

Workload (issue 2): create N groups, 20 rules each mixing CIDRs and group references, describe all
with pagination, describe with tag and ip-permission filters, describe rules by group, revoke, delete.
Two drivers: boto3 (what users feel; boto3 itself costs about 1 ms per call) and palisade-load, a native
keep-alive client with pre-built requests, so the servers themselves are measured. Then scaling checks
on Palisade: single-group read/write cost at 500 vs 5,000 groups, DescribeSecurityGroups p99 at 2,000
groups, and write throughput with 1 vs 8 concurrent clients.

    python3 Benchmarks/control-plane/bench.py [--groups 500] [--concurrency 4[,16]] [--repeat 1] [--quick]
                                              [--skip-moto] [--skip-boto3] [--skip-scale]

Throughput depends on the connection count: Palisade commits concurrent writes together (one transaction for
all that arrive while one is being stored), moto serves one request at a time whatever the count (measured:
321-358 creates/s at 1, 4 and 16 connections). `--concurrency 4,16` shows both.

A native phase of Palisade lasts 40-300 ms, so one stall of a few milliseconds on this 2-core VM moves its rate by
10 % or more (the same binary's rates vary by +-25 % between runs). `--repeat N` runs the native workload N times
against each server, alternating between them, and reports each phase's median run with the range of all runs.

Needs a release build (`swift build -c release --product palisade`); builds palisade-load itself.
"""
import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOAD_PACKAGE = os.path.join(ROOT, "Benchmarks", "LoadClient")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def form(params):
    return urllib.parse.urlencode({"Version": "2016-11-15", **params})


class Server:
    def __init__(self, kind, binary=None, in_memory=False, max_groups=20000):
        self.kind = kind
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix=f"bench-{kind}-")
        if kind == "palisade":
            store = ["--in-memory"] if in_memory else ["--db", os.path.join(self.tmp, "bench.sqlite")]
            cmd = [binary, "serve", "--port", str(self.port), *store, "--allow-reset", "--no-auth", "--log-level", "warning",
                   "--quota", f"security-groups-per-region={max_groups}"]
        else:
            cmd = ["moto_server", "-H", "127.0.0.1", "-p", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(self.url + ("/palisade/v1/health" if kind == "palisade" else "/moto-api/"), timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError(f"{kind} did not start")

    def reset(self):
        path = "/palisade/v1/reset" if self.kind == "palisade" else "/moto-api/reset"
        urllib.request.urlopen(urllib.request.Request(self.url + path, method="POST", data=b""), timeout=30)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def ec2(server):
    import boto3
    from botocore.config import Config
    return boto3.client("ec2", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                        aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}))


def build_load_client():
    subprocess.run(["swift", "build", "-c", "release", "--package-path", LOAD_PACKAGE, "--scratch-path",
                    os.path.join(ROOT, ".build-load")], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build-load", "release", "palisade-load")


def run_native(load_bin, server, requests, concurrency=1):
    lines = "".join(json.dumps(r) + "\n" for r in requests)
    out = subprocess.run([load_bin, "127.0.0.1", str(server.port), str(concurrency)], input=lines.encode(),
                         stdout=subprocess.PIPE, check=True).stdout
    return json.loads(out)


def rules_for(i, n, ids, rules_per_group):
    """The permissions of group i: 4 calls, 3 of CIDRs and 1 of group references (revoked later)."""
    per_call = max(1, rules_per_group // 4)
    calls = []
    for c in range(3):
        calls.append([("tcp", 1000 + c * 100 + k, f"10.{c}.{k}.0/24", None) for k in range(per_call)])
    calls.append([("tcp", 5432, None, ids[(i + k + 1) % n]) for k in range(rules_per_group - 3 * per_call)])
    return calls


def permission_params(gid, perms):
    p = {"GroupId": gid}
    for idx, (proto, port, cidr, ref) in enumerate(perms, 1):
        p[f"IpPermissions.{idx}.IpProtocol"] = proto
        p[f"IpPermissions.{idx}.FromPort"] = str(port)
        p[f"IpPermissions.{idx}.ToPort"] = str(port)
        if cidr:
            p[f"IpPermissions.{idx}.IpRanges.1.CidrIp"] = cidr
        else:
            p[f"IpPermissions.{idx}.Groups.1.GroupId"] = ref
    return p


def group_ids(client, prefix="bench-"):
    ids = {}
    for page in client.get_paginator("describe_security_groups").paginate():
        for g in page["SecurityGroups"]:
            if g["GroupName"].startswith(prefix):
                ids[int(g["GroupName"][len(prefix):])] = g["GroupId"]
    return [ids[i] for i in sorted(ids)]


# How often the read phases repeat; --quick cuts them (moto needs seconds per describe at 500 groups).
READ_REPEATS = {"paginated": 5, "filtered": 50}


def workload_native(load_bin, server, n, rules_per_group, concurrency):
    server.reset()
    client = ec2(server)
    client.describe_vpcs()  # set up the default VPC outside the timed phases
    stats = run_native(load_bin, server, concurrency=concurrency, requests=[
        {"phase": "create", "body": form({"Action": "CreateSecurityGroup", "GroupName": f"bench-{i}",
                                          "GroupDescription": "benchmark group", "TagSpecification.1.ResourceType": "security-group",
                                          "TagSpecification.1.Tag.1.Key": "Team", "TagSpecification.1.Tag.1.Value": f"team{i % 10}"})}
        for i in range(n)])
    ids = group_ids(client)
    assert len(ids) == n, f"{server.kind}: created {len(ids)} of {n}"
    authorize, revoke = [], []
    for i, gid in enumerate(ids):
        calls = rules_for(i, n, ids, rules_per_group)
        for perms in calls:
            authorize.append({"phase": "authorize", "body": form({"Action": "AuthorizeSecurityGroupIngress", **permission_params(gid, perms)})})
        revoke.append({"phase": "revoke", "body": form({"Action": "RevokeSecurityGroupIngress", **permission_params(gid, calls[-1])})})
    stats += run_native(load_bin, server, authorize, concurrency)
    reads = [{"phase": "describe-all-paginated", "body": form({"Action": "DescribeSecurityGroups", "MaxResults": "100"}), "paginate": True}
             for _ in range(READ_REPEATS["paginated"])]
    reads += [{"phase": "describe-filtered", "body": form({"Action": "DescribeSecurityGroups", "Filter.1.Name": name,
                                                           "Filter.1.Value.1": value})}
              for k in range(READ_REPEATS["filtered"])
              for name, value in (("tag:Team", f"team{k % 10}"), ("ip-permission.cidr", f"10.1.{k % 5}.0/24"),
                                  ("ip-permission.group-id", ids[k % n]), ("ip-permission.from-port", "5432"))]
    reads += [{"phase": "describe-rules-by-group", "body": form({"Action": "DescribeSecurityGroupRules", "Filter.1.Name": "group-id",
                                                                "Filter.1.Value.1": gid})} for gid in ids]
    stats += run_native(load_bin, server, reads, concurrency)
    stats += run_native(load_bin, server, revoke, concurrency)
    stats += run_native(load_bin, server, [{"phase": "delete", "body": form({"Action": "DeleteSecurityGroup", "GroupId": gid})}
                                           for gid in ids], concurrency)
    return {s["phase"]: s for s in stats}


def timed(calls):
    lat = []
    t0 = time.perf_counter()
    for fn in calls:
        t = time.perf_counter()
        fn()
        lat.append((time.perf_counter() - t) * 1000)
    secs = time.perf_counter() - t0
    lat.sort()
    return {"calls": len(lat), "seconds": secs, "ops_per_s": len(lat) / secs, "p50_ms": lat[len(lat) // 2],
            "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))], "errors": 0}


def workload_boto3(server, n, rules_per_group):
    server.reset()
    client = ec2(server)
    client.describe_vpcs()
    stats = {}
    stats["create"] = timed([lambda i=i: client.create_security_group(
        GroupName=f"bench-{i}", Description="benchmark group",
        TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Team", "Value": f"team{i % 10}"}]}]) for i in range(n)])
    ids = group_ids(client)
    def perms(calls):
        return [{"IpProtocol": p, "FromPort": port, "ToPort": port,
                 **({"IpRanges": [{"CidrIp": c}]} if c else {"UserIdGroupPairs": [{"GroupId": r}]})} for p, port, c, r in calls]
    plan = [(gid, rules_for(i, n, ids, rules_per_group)) for i, gid in enumerate(ids)]
    stats["authorize"] = timed([lambda g=g, c=c: client.authorize_security_group_ingress(GroupId=g, IpPermissions=perms(c))
                                for g, calls in plan for c in calls])
    def paginate():
        for _ in client.get_paginator("describe_security_groups").paginate(PaginationConfig={"PageSize": 100}):
            pass
    stats["describe-all-paginated"] = timed([paginate for _ in range(READ_REPEATS["paginated"])])
    stats["describe-filtered"] = timed([lambda name=name, value=value: client.describe_security_groups(Filters=[{"Name": name, "Values": [value]}])
                                        for k in range(READ_REPEATS["filtered"])
                                        for name, value in (("tag:Team", f"team{k % 10}"), ("ip-permission.cidr", f"10.1.{k % 5}.0/24"),
                                                            ("ip-permission.group-id", ids[k % n]), ("ip-permission.from-port", "5432"))])
    stats["describe-rules-by-group"] = timed([lambda g=g: client.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [g]}])
                                              for g in ids])
    stats["revoke"] = timed([lambda g=g, c=calls[-1]: client.revoke_security_group_ingress(GroupId=g, IpPermissions=perms(c))
                             for g, calls in plan])
    stats["delete"] = timed([lambda g=g: client.delete_security_group(GroupId=g) for g in ids])
    return stats


def scale_checks(load_bin, server, rules_per_group):
    """Palisade only: per-call cost as the store grows, describe p99 at 2,000 groups, 1 vs 8 writers."""
    client = ec2(server)
    results = {}
    server.reset()
    client.describe_vpcs()
    created = 0
    for target in (500, 2000, 5000):
        run_native(load_bin, server, [{"phase": "fill", "body": form({"Action": "CreateSecurityGroup", "GroupName": f"bench-{i}",
                                                                      "GroupDescription": "scale"})} for i in range(created, target)], 8)
        ids = group_ids(client)
        if created == 0:
            plan = []
        plan = [{"phase": "fill-rules", "body": form({"Action": "AuthorizeSecurityGroupIngress", **permission_params(gid, p)})}
                for i, gid in enumerate(ids[created:target], start=created) for p in rules_for(i, target, ids, rules_per_group)[:3]]
        run_native(load_bin, server, plan, 8)
        created = target
        probe = ids[: 200]
        single = run_native(load_bin, server, [
            {"phase": "describe-one-group", "body": form({"Action": "DescribeSecurityGroups", "GroupId.1": gid})} for gid in probe] + [
            {"phase": "authorize-one-rule", "body": form({"Action": "AuthorizeSecurityGroupIngress", **permission_params(gid, [("udp", 53, "192.0.2.0/24", None)])})}
            for gid in probe] + [
            {"phase": "revoke-one-rule", "body": form({"Action": "RevokeSecurityGroupIngress", **permission_params(gid, [("udp", 53, "192.0.2.0/24", None)])})}
            for gid in probe])
        results[target] = {s["phase"]: s for s in single}
        if target == 2000:
            for page in (100, 1000):
                r = run_native(load_bin, server, [{"phase": f"describe-all-{page}", "body": form({"Action": "DescribeSecurityGroups",
                                                                                                  "MaxResults": str(page)}), "paginate": True} for _ in range(20)])
                results[f"describe-2000-maxresults-{page}"] = r[0]
    for concurrency in (1, 8):
        body = [{"phase": f"authorize-{concurrency}-clients", "body": form({"Action": "AuthorizeSecurityGroupIngress",
                                                                             **permission_params(gid, [("tcp", 7000 + concurrency, "198.51.100.0/24", None)])})}
                for gid in ids[:4000]]
        results[f"writers-{concurrency}"] = run_native(load_bin, server, body, concurrency)[0]
    return results


def median_run(runs, phase):
    """The run whose rate for `phase` is the median (the lower middle one of an even count)."""
    ordered = sorted((run[phase] for run in runs), key=lambda s: s["ops_per_s"])
    return ordered[(len(ordered) - 1) // 2]


def ops_range(runs, phase):
    rates = sorted(run[phase]["ops_per_s"] for run in runs)
    return f"{rates[0]:.0f}-{rates[-1]:.0f}"


def main():
    # A timeout or Ctrl-C must still stop the servers (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=500)
    parser.add_argument("--rules", type=int, default=20)
    parser.add_argument("--palisade-bin", default=os.path.join(ROOT, ".build", "release", "palisade"))
    parser.add_argument("--skip-moto", action="store_true")
    parser.add_argument("--skip-boto3", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--concurrency", default="4",
                        help="connections of the native driver; several, comma-separated (4,16), run the native "
                             "workload once per count against each server")
    parser.add_argument("--repeat", type=int, default=1,
                        help="native workload runs per server and connection count (alternating servers); "
                             "each phase reports its median run and the range")
    parser.add_argument("--quick", action="store_true",
                        help="describe-all once and 4 filtered describes (moto takes seconds per describe)")
    parser.add_argument("--json", help="also write the raw results here")
    args = parser.parse_args()
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    if args.quick:
        READ_REPEATS.update(paginated=1, filtered=1)
    load_bin = build_load_client()
    servers = {"palisade": Server("palisade", args.palisade_bin)}
    if not args.skip_moto:
        servers["moto"] = Server("moto")
    results = {}
    phases = ["create", "authorize", "describe-all-paginated", "describe-filtered", "describe-rules-by-group", "revoke", "delete"]
    print(f"\nControl-plane workload: {args.groups} groups x {args.rules} rules, native driver with "
          f"{args.concurrency} connections, boto3 with 1 (2 cores, same run)", flush=True)
    drivers = [f"native-{c}" if len(concurrencies) > 1 else "native" for c in concurrencies]

    def report(driver):
        if ("palisade", driver) not in results:
            return
        runs = len(results[("palisade", driver)])
        print(f"\ndriver: {driver}" + (f" (median of {runs} runs per server; ranges: slowest-fastest run)" if runs > 1 else ""))
        print(f"{'phase':26} {'palisade ops/s':>14} {'p50 ms':>8} {'p99 ms':>8} {'moto ops/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7}")
        for phase in phases:
            p = median_run(results[("palisade", driver)], phase)
            moto_runs = results.get(("moto", driver))
            m = median_run(moto_runs, phase) if moto_runs else None
            errors = f"  ({p['errors']} errors: {p.get('first_error', '')[:80]})" if p["errors"] else ""
            line = f"{phase:26} {p['ops_per_s']:14.0f} {p['p50_ms']:8.2f} {p['p99_ms']:8.2f}"
            if m:
                line += f" {m['ops_per_s']:11.0f} {m['p50_ms']:8.2f} {m['p99_ms']:8.2f} {p['ops_per_s'] / m['ops_per_s']:6.1f}x"
            if runs > 1:
                line += f"  palisade {ops_range(results[('palisade', driver)], phase)}"
                if m:
                    line += f", moto {ops_range(moto_runs, phase)}"
            print(line + errors, flush=True)

    scale = None
    try:
        for driver, concurrency in zip(drivers, concurrencies):
            for _ in range(args.repeat):
                for name, server in servers.items():
                    results.setdefault((name, driver), []).append(
                        workload_native(load_bin, server, args.groups, args.rules, concurrency))
            report(driver)
        if not args.skip_boto3:
            for name, server in servers.items():
                results[(name, "boto3")] = [workload_boto3(server, args.groups, args.rules)]
            report("boto3")
        if not args.skip_scale:
            scale = scale_checks(load_bin, servers["palisade"], args.rules)
    finally:
        for server in servers.values():
            server.stop()
    if scale:
        print("\nPalisade scaling (native driver)")
        for target in (500, 2000, 5000):
            for phase in ("describe-one-group", "authorize-one-rule", "revoke-one-rule"):
                s = scale[target][phase]
                print(f"  {target:5} groups  {phase:20} {s['ops_per_s']:8.0f} ops/s  p50 {s['p50_ms']:.3f} ms  p99 {s['p99_ms']:.3f} ms")
        for page in (100, 1000):
            s = scale[f"describe-2000-maxresults-{page}"]
            print(f"  DescribeSecurityGroups at 2000 groups, MaxResults={page}: p50 {s['p50_ms']:.2f} ms  p99 {s['p99_ms']:.2f} ms ({s['calls']} pages)")
        for c in (1, 8):
            s = scale[f"writers-{c}"]
            print(f"  AuthorizeSecurityGroupIngress with {c} client(s): {s['ops_per_s']:.0f} ops/s  p50 {s['p50_ms']:.2f} ms  p99 {s['p99_ms']:.2f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"workload": {f"{k[0]}/{k[1]}": v for k, v in results.items()}, "scale": scale}, f, indent=2)


if __name__ == "__main__":
    main()
