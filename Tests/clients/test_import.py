"""`palisade import`: the seed configuration (with example.tfvars) created on a running server."""

import os
import subprocess
from pathlib import Path

from conftest import palisade_bin

SEED = Path(os.environ.get("PALISADE_SEED", Path(__file__).resolve().parents[2] / "Tests/PalisadeAnalysisTests/Resources/seed"))


def test_import_seed_creates_groups_and_rules(endpoint, ec2):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY="secret")
    proc = subprocess.run(
        [palisade_bin(), "import", str(SEED), "--var-file", str(SEED / "example.tfvars"), "--endpoint", endpoint],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "imported" in proc.stdout
    groups = {g["GroupName"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
    for prefix in ("web-alb-", "web-servers-", "database-", "bastion-"):
        assert any(key.startswith(prefix) for key in groups), (prefix, sorted(groups))
    by_name = groups
    alb = next(g for key, g in by_name.items() if "web-alb" in key)
    ports = sorted(p.get("FromPort") for p in alb["IpPermissions"])
    assert ports == [80, 443], alb["IpPermissions"]
    assert all(r["CidrIp"] == "0.0.0.0/0" for p in alb["IpPermissions"] for r in p["IpRanges"])
    database = next(g for key, g in by_name.items() if "database" in key)
    sources = {pair["GroupId"] for p in database["IpPermissions"] if p.get("FromPort") == 3306 for pair in p["UserIdGroupPairs"]}
    web = next(g for key, g in by_name.items() if "web-server" in key)
    bastion = next(g for key, g in by_name.items() if "bastion" in key)
    assert {web["GroupId"], bastion["GroupId"]} <= sources
    bastion_cidrs = {r["CidrIp"] for p in bastion["IpPermissions"] if p.get("FromPort") == 22 for r in p["IpRanges"]}
    assert bastion_cidrs == {"203.0.113.0/24", "198.51.100.16/28"}
