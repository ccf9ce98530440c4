"""Durability: restarts, kill -9 under concurrent writes, concurrent duplicate Authorize. Own server processes."""

import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import Server, make_ec2


@pytest.fixture
def db(tmp_path):
    return tmp_path / "durable.sqlite"


def _state(ec2):
    """Everything a client can see, with volatile bits removed, in a stable order."""
    def srt(items, key):
        return sorted(items, key=lambda x: x[key])

    groups = srt(ec2.describe_security_groups()["SecurityGroups"], "GroupId")
    for g in groups:
        for perms in (g["IpPermissions"], g["IpPermissionsEgress"]):
            perms.sort(key=lambda p: (p["IpProtocol"], p.get("FromPort", -2), p.get("ToPort", -2)))
            for p in perms:
                for k in ("IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"):
                    p[k] = sorted(p[k], key=repr)
        g["Tags"] = sorted(g["Tags"], key=repr)
    rules = srt(ec2.describe_security_group_rules()["SecurityGroupRules"], "SecurityGroupRuleId")
    for r in rules:
        r["Tags"] = sorted(r.get("Tags", []), key=repr)
    return {
        "vpcs": srt(ec2.describe_vpcs()["Vpcs"], "VpcId"),
        "subnets": srt(ec2.describe_subnets()["Subnets"], "SubnetId"),
        "groups": groups,
        "rules": rules,
        "enis": srt(ec2.describe_network_interfaces()["NetworkInterfaces"], "NetworkInterfaceId"),
        "tags": sorted(ec2.describe_tags()["Tags"], key=lambda t: (t["ResourceId"], t["Key"])),
        "prefix_lists": srt(ec2.describe_managed_prefix_lists()["PrefixLists"], "PrefixListId"),
    }


# Records are loaded from the newest snapshot and the change log after it: with the default interval the
# snapshot is the initial (empty) one and everything comes from the log; with 1, snapshots are taken all along.
SNAPSHOTS = pytest.mark.parametrize("snapshots", [(), ("--snapshot-interval", "1")], ids=["log", "snapshots"])


def _snapshot_files(db):
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-snapshot-"))


@SNAPSHOTS
def test_restart_serves_same_state(db, snapshots):
    srv = Server(db=db, extra_args=snapshots)
    try:
        ec2 = make_ec2(srv.url)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "keep"}]}])["Vpc"]["VpcId"]
        sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        a = ec2.create_security_group(GroupName="a", Description="a", VpcId=vpc,
                                      TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "k", "Value": "v"}]}])["GroupId"]
        b = ec2.create_security_group(GroupName="b", Description="b", VpcId=vpc)["GroupId"]
        pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=2, AddressFamily="IPv4",
                                            Entries=[{"Cidr": "192.0.2.0/24", "Description": "doc"}])["PrefixList"]["PrefixListId"]
        r = ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "ssh"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": b}],
             "PrefixListIds": [{"PrefixListId": pl}], "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]}],
            TagSpecifications=[{"ResourceType": "security-group-rule", "Tags": [{"Key": "r", "Value": "1"}]}])
        ec2.revoke_security_group_egress(GroupId=b, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        eni = ec2.create_network_interface(SubnetId=sub, Groups=[a], ConnectionTrackingSpecification={"UdpTimeout": 40})
        ec2.create_tags(Resources=[sub, eni["NetworkInterface"]["NetworkInterfaceId"]], Tags=[{"Key": "t", "Value": "x"}])
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "198.51.100.0/24"}])
        before = _state(ec2)
        entries_before = ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"]
    finally:
        srv.stop()
    if snapshots:
        assert _snapshot_files(db), "no snapshot was written"
    srv = Server(db=db)
    try:
        ec2 = make_ec2(srv.url)
        after = _state(ec2)
        assert after == before
        assert ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"] == entries_before
        # and it keeps working: IDs stay unique, duplicates still detected
        with pytest.raises(ClientError) as e:
            ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        assert e.value.response["Error"]["Code"] == "InvalidPermission.Duplicate"
        c = ec2.create_security_group(GroupName="c", Description="c", VpcId=vpc)["GroupId"]
        assert c not in {a, b}
        rule_ids = {x["SecurityGroupRuleId"] for x in before["rules"]}
        new_rules = ec2.authorize_security_group_ingress(GroupId=c, IpPermissions=[
            {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])["SecurityGroupRules"]
        assert new_rules[0]["SecurityGroupRuleId"] not in rule_ids
        # default VPC not duplicated by the restart
        assert len(ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]) == 1
    finally:
        srv.stop()


@SNAPSHOTS
def test_kill9_under_concurrent_writes(db, snapshots):
    srv = Server(db=db, extra_args=snapshots)
    acked_groups, acked_rules = {}, {}  # group id -> name ; rule id -> group id
    lock = threading.Lock()
    stop = threading.Event()
    hold = threading.Event()  # writers wait while it is set
    errors = []

    def writer(n):
        ec2 = make_ec2(srv.url)
        i = 0
        while True:
            while hold.is_set() and not stop.is_set():
                time.sleep(0.01)
            name = f"w{n}-{i}"
            i += 1
            try:
                gid = ec2.create_security_group(GroupName=name, Description="load")["GroupId"]
            except Exception as exc:  # the server dies under us; anything unacknowledged is fine
                if not stop.is_set():
                    errors.append(exc)
                return
            with lock:
                acked_groups[gid] = name
            try:
                r = ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
                    {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "192.168.0.0/16"}]}
                    for p in (22, 80)])
            except Exception as exc:
                if not stop.is_set():
                    errors.append(exc)
                return
            with lock:
                for rule in r["SecurityGroupRules"]:
                    acked_rules[rule["SecurityGroupRuleId"]] = gid

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    try:
        for t in threads:
            t.start()
        deadline = time.time() + 20
        while time.time() < deadline and len(acked_groups) < 20:
            time.sleep(0.05)
        if snapshots:
            # Under a steady load, snapshots hold what the database's tables hold, and the commit journal is copied
            # into them once writes pause (or 2,048 commits wait): one pause, then the load goes on past it.
            hold.set()
            pause_deadline = time.time() + 10
            while time.time() < pause_deadline and not _snapshot_files(db):
                time.sleep(0.05)
            assert _snapshot_files(db), "no snapshot was written in the load's pause"
            hold.clear()
            target = len(acked_groups) + 20
            while time.time() < deadline + 10 and len(acked_groups) < target:
                time.sleep(0.05)
        else:
            while time.time() < deadline and len(acked_groups) < 40:
                time.sleep(0.05)
        # mid-load: the writers are still sending; mark the kill first so their connection errors are expected
        stop.set()
        srv.kill9()
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        if srv.proc.poll() is None:
            srv.stop()
    assert not errors, errors[:3]
    assert len(acked_groups) >= 10, "the load did not get going"

    srv = Server(db=db)
    try:
        ec2 = make_ec2(srv.url)
        groups = {g["GroupId"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
        rules = ec2.describe_security_group_rules()["SecurityGroupRules"]
        rule_ids = {r["SecurityGroupRuleId"] for r in rules}
        missing_groups = [g for g in acked_groups if g not in groups]
        missing_rules = [r for r in acked_rules if r not in rule_ids]
        assert missing_groups == [] and missing_rules == []
        for gid, name in acked_groups.items():
            assert groups[gid]["GroupName"] == name
        # nothing half-applied
        by_group = {}
        for r in rules:
            assert r["GroupId"] in groups, f"rule {r['SecurityGroupRuleId']} of a group that does not exist"
            by_group.setdefault(r["GroupId"], []).append(r)
        for gid, g in groups.items():
            egress = [r for r in by_group.get(gid, []) if r["IsEgress"]]
            assert any(r["IpProtocol"] == "-1" and r.get("CidrIpv4") == "0.0.0.0/0" for r in egress), \
                f"group {gid} lost its default egress rule"
            ingress = [r for r in by_group.get(gid, []) if not r["IsEgress"]]
            if g["GroupName"] != "default":
                # an Authorize call is all or nothing: 0 or 4 rules
                assert len(ingress) in (0, 4), (gid, len(ingress))
        # still writable after recovery
        ec2.create_security_group(GroupName="after-crash", Description="d")
    finally:
        srv.stop()


def test_concurrent_duplicate_authorize(db):
    srv = Server(db=db)
    try:
        clients = [make_ec2(srv.url), make_ec2(srv.url)]
        for round_ in range(8):
            gid = clients[0].create_security_group(GroupName=f"race{round_}", Description="d")["GroupId"]
            barrier = threading.Barrier(2)
            results = [None, None]

            def go(i):
                barrier.wait()
                try:
                    clients[i].authorize_security_group_ingress(GroupId=gid, IpPermissions=[
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
                    results[i] = "ok"
                except ClientError as e:
                    results[i] = e.response["Error"]["Code"]

            ts = [threading.Thread(target=go, args=(i,)) for i in range(2)]
            for t in ts:
                t.start()
            for t in ts:
                t.join(timeout=60)
            assert sorted(results) == ["InvalidPermission.Duplicate", "ok"], results
            ingress = [r for r in clients[0].describe_security_group_rules(
                Filters=[{"Name": "group-id", "Values": [gid]}])["SecurityGroupRules"] if not r["IsEgress"]]
            assert len(ingress) == 1
    finally:
        srv.stop()


def test_second_server_on_same_database_refuses_to_start(db):
    """One server writes a database: a second one on it stops at once with the reason, and the first goes on.
    A clean stop leaves the commit journal empty (everything in the database's tables)."""
    srv = Server(db=db)
    try:
        ec2 = make_ec2(srv.url)
        group = ec2.create_security_group(GroupName="first", Description="d")["GroupId"]
        with pytest.raises(RuntimeError) as refused:
            Server(db=db)
        assert "is in use by another palisade process" in str(refused.value)
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        assert ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    finally:
        srv.stop()
    journal = db.parent / (db.name + "-commits")
    assert journal.exists() and journal.stat().st_size == 0
    srv = Server(db=db)
    try:
        ec2 = make_ec2(srv.url)
        assert ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"][0]["FromPort"] == 22
    finally:
        srv.stop()
