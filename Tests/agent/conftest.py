"""Fixtures for the agent's integration tests: a `palisade serve`, network namespaces as hosts, one agent each.

Needs root, nftables and iproute2. Everything lives in namespaces named `pal-<pid>-…`: a hub namespace holds
a bridge, every host namespace has one veth (`eth0`) plugged into it, with addresses from 10.99.0.0/24 (and
the VPC's IPv6 /64). Nothing touches the host's own interfaces or routes. Teardown kills every process the
tests started (by pid) and deletes every namespace, also when a test fails.

Binaries: `PALISADE_BIN` (default `.build/debug/palisade`) runs `serve`; `PALISADE_AGENT_BIN` (default: the
same) runs `agent`.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
import botocore.config
import pytest
import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HELPER = HERE / "nethelper.py"
LISTEN_RE = re.compile(r"Palisade listening on (http://[0-9.]+:\d+)")
SUBNET = "10.99.0.0/24"


def palisade_bin():
    return os.environ.get("PALISADE_BIN", str(REPO / ".build/debug/palisade"))


def agent_bin():
    return os.environ.get("PALISADE_AGENT_BIN", palisade_bin())


def _have_root_and_tools():
    if os.geteuid() != 0:
        return "needs root"
    for tool in ("nft", "ip"):
        if shutil.which(tool) is None:
            return f"needs {tool} (apt-get install nftables iproute2)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _have_root_and_tools()
    if reason:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=reason))


def sh(*args, check=True, timeout=30, input=None):
    p = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, input=input)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return p


# ----------------------------------------------------------------------------------------------- server

class Server:
    """A `palisade serve` on a free loopback port with its own database."""

    def __init__(self, db, auth=False):
        self.db = db
        self.proc = None
        self.url = None
        self.port = 0
        self.auth = auth
        self.keys = None
        if auth:
            # An account made before the server starts, on the same database.
            created = sh(palisade_bin(), "accounts", "create", "lab", "--db", str(db), "--json")
            self.keys = json.loads(created.stdout)

    def start(self):
        args = [palisade_bin(), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", str(self.db),
                "--log-level", "warning"]
        if not self.auth:
            args.append("--no-auth")  # most agent tests use no keys
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line and self.proc.poll() is not None:
                break
            m = LISTEN_RE.search(line or "")
            if m:
                self.url = m.group(1)
                self.port = int(self.url.rsplit(":", 1)[1])
                threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
                return self
        self.stop()
        raise RuntimeError("palisade serve did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def revision(self):
        return requests.get(self.url + "/palisade/v1/health", timeout=5).json()["revision"]

    def snapshot(self):
        return requests.get(self.url + "/palisade/v1/snapshot", timeout=10).json()

    def ec2(self):
        return boto3.client(
            "ec2", region_name="us-east-1", endpoint_url=self.url,
            aws_access_key_id=self.keys["accessKeyId"] if self.keys else "AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key=self.keys["secretAccessKey"] if self.keys else "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            config=botocore.config.Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=30))


# ------------------------------------------------------------------------------------------------- hosts

class Host:
    """One network namespace standing for one instance: `eth0` on the lab bridge, one ENI bound to it."""

    def __init__(self, lab, name, index):
        self.lab = lab
        self.name = name
        self.netns = f"{lab.prefix}-{name}"
        self.index = index
        self.ipv4 = []
        self.ipv6 = []
        self.eni = None
        self.agent = None
        self.helper = None
        self._lock = threading.Lock()

    @property
    def ip(self):
        return self.ipv4[0]

    def exec(self, *args, check=True, timeout=30):
        return sh("ip", "netns", "exec", self.netns, *args, check=check, timeout=timeout)

    def nft(self, *args, check=True):
        return self.exec("nft", *args, check=check)

    def add_address(self, address):
        if ":" in address:
            self.exec("ip", "-6", "addr", "add", f"{address}/64", "dev", "eth0", "nodad")
            self.ipv6.append(address)
        else:
            self.exec("ip", "addr", "add", f"{address}/24", "dev", "eth0")
            self.ipv4.append(address)

    # traffic ---------------------------------------------------------------------------------------
    def start_helper(self):
        self.helper = subprocess.Popen(
            ["ip", "netns", "exec", self.netns, sys.executable, "-u", str(HELPER)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.lab.processes.append(self.helper)

    def call(self, request):
        with self._lock:
            self.helper.stdin.write(json.dumps(request) + "\n")
            self.helper.stdin.flush()
            line = self.helper.stdout.readline()
        if not line:
            raise RuntimeError(f"helper in {self.netns} died")
        return json.loads(line)

    def listen(self, proto, *ports):
        for port in ports:
            assert self.call({"op": "listen", "proto": proto, "port": port})["ok"]

    def can(self, proto, address, port=0, timeout=1.0, src=None):
        """Whether a new flow to `address` gets an answer."""
        request = {"op": "probe", "proto": proto, "addr": address, "port": port, "timeout": timeout}
        if src:
            request["src"] = src
        return self.call(request)["ok"]

    def batch(self, probes):
        return self.call({"op": "batch", "probes": probes})["results"]

    # agent -----------------------------------------------------------------------------------------
    def start_agent(self, state_dir=None, extra=(), env=None):
        self.state_dir = state_dir or (self.lab.tmp / f"state-{self.name}")
        log = open(self.lab.tmp / f"agent-{self.name}.log", "a")
        args = [agent_bin(), "agent", "--endpoint", self.lab.server.url, "--bind", f"{self.eni}=eth0@{self.netns}",
                "--state-dir", str(self.state_dir), "--poll-wait", "10", *extra]
        self.agent = subprocess.Popen(args, stdout=log, stderr=log, env=env)
        self.lab.processes.append(self.agent)
        return self.agent

    def stop_agent(self, sig=signal.SIGTERM):
        if self.agent and self.agent.poll() is None:
            self.agent.send_signal(sig)
            self.agent.wait(timeout=15)

    def status(self):
        path = Path(self.state_dir) / "status.json"
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    def applied_revision(self):
        """The revision the running agent applied (a status left by an earlier agent does not count)."""
        status = self.status()
        if not status or self.agent is None or status.get("processId") != self.agent.pid:
            return None
        return status["namespaces"][0].get("revision")

    def agent_log(self):
        path = self.lab.tmp / f"agent-{self.name}.log"
        return path.read_text() if path.exists() else ""


class Lab:
    """The server, the bridge and the hosts of one test module."""

    def __init__(self, tmp, auth=False):
        self.tmp = Path(tmp)
        self.prefix = f"pal-{os.getpid()}-{int(time.time() * 1000) % 100000}"
        self.hub = f"{self.prefix}-hub"
        self.hosts = {}
        self.processes = []
        self.namespaces = []
        self.server = Server(self.tmp / "palisade.sqlite", auth=auth).start()
        self.processes.append(self.server.proc)
        self.ec2 = self.server.ec2()
        self._netns(self.hub)
        sh("ip", "-n", self.hub, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", self.hub, "link", "set", "br0", "up")
        self.extra_routes = []

    def _netns(self, name):
        sh("ip", "netns", "add", name)
        self.namespaces.append(name)
        sh("ip", "-n", name, "link", "set", "lo", "up")

    def add_host(self, name):
        index = len(self.hosts) + 1
        host = Host(self, name, index)
        self._netns(host.netns)
        port = f"p{index}-{os.getpid() % 100000}"[:15]
        sh("ip", "-n", self.hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.netns)
        sh("ip", "-n", self.hub, "link", "set", port, "master", "br0")
        sh("ip", "-n", self.hub, "link", "set", port, "up")
        host.exec("ip", "link", "set", "eth0", "up")
        for cidr in self.extra_routes:
            host.exec("ip", "route", "add", cidr, "dev", "eth0")
        self.hosts[name] = host
        return host

    def route_everywhere(self, cidr):
        """An on-link route to `cidr` in every host: outside addresses share the bridge."""
        self.extra_routes.append(cidr)
        for host in self.hosts.values():
            host.exec("ip", "route", "add", cidr, "dev", "eth0")

    def wait_applied(self, timeout=10.0, hosts=None):
        """Waits until every running agent enforces the server's current revision."""
        revision = self.server.revision()
        hosts = [h for h in (hosts or self.hosts.values()) if h.agent is not None and h.agent.poll() is None]
        deadline = time.time() + timeout
        while time.time() < deadline:
            if all((h.applied_revision() or -1) >= revision for h in hosts):
                return revision
            time.sleep(0.02)
        logs = "\n".join(f"--- {h.name}\n{h.agent_log()[-3000:]}" for h in hosts)
        raise AssertionError(f"agents did not apply revision {revision} within {timeout}s\n{logs}")

    def close(self):
        # The server may have been restarted by a test: stop whichever process is current.
        self.server.stop()
        for proc in reversed(self.processes):
            try:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait(timeout=10)
            except Exception:
                pass
        for name in reversed(self.namespaces):
            # Processes still inside (a monitor whose agent died) would keep the namespace alive.
            pids = sh("ip", "netns", "pids", name, check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh("ip", "netns", "del", name, check=False)


@pytest.fixture(scope="module")
def lab_factory():
    labs = []
    tmps = []

    def make(auth=False):
        tmp = tempfile.mkdtemp(prefix="palisade-agent-")
        tmps.append(tmp)
        lab = Lab(tmp, auth=auth)
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.close()
    if os.environ.get("PALISADE_KEEP_LOGS") is None:
        for tmp in tmps:
            shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------------------------- EC2 helpers

def new_network(ec2, ipv6=False):
    """A VPC and subnet for 10.99.0.0/24 (and a /64 from the VPC's IPv6 block)."""
    kwargs = {"AmazonProvidedIpv6CidrBlock": True} if ipv6 else {}
    vpc = ec2.create_vpc(CidrBlock="10.99.0.0/16", **kwargs)["Vpc"]["VpcId"]
    subnet_args = dict(VpcId=vpc, CidrBlock=SUBNET, AvailabilityZone="us-east-1a")
    if ipv6:
        block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
        subnet_args["Ipv6CidrBlock"] = block.replace("/56", "/64")
    subnet = ec2.create_subnet(**subnet_args)["Subnet"]["SubnetId"]
    return vpc, subnet


def new_group(ec2, vpc, name, egress_all=True):
    """A group; without `egress_all` its default allow-all egress rule is revoked."""
    gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
    if not egress_all:
        ec2.revoke_security_group_egress(
            GroupId=gid, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    return gid


def tcp(port, cidr=None, group=None, to=None, proto="tcp"):
    perm = {"IpProtocol": proto, "FromPort": port, "ToPort": port if to is None else to}
    if cidr:
        perm["IpRanges" if ":" not in cidr else "Ipv6Ranges"] = (
            [{"CidrIp": cidr}] if ":" not in cidr else [{"CidrIpv6": cidr}])
    if group:
        perm["UserIdGroupPairs"] = [{"GroupId": group}]
    return perm


def attach_host(lab, host, subnet, groups, ipv6=False, address=None):
    """Creates the host's ENI through the API and configures its addresses in the namespace."""
    args = dict(SubnetId=subnet, Groups=groups)
    if address:
        args["PrivateIpAddress"] = address
    if ipv6:
        args["Ipv6AddressCount"] = 1
    eni = lab.ec2.create_network_interface(**args)["NetworkInterface"]
    host.eni = eni["NetworkInterfaceId"]
    host.add_address(eni["PrivateIpAddress"])
    for v6 in eni.get("Ipv6Addresses", []):
        host.add_address(v6["Ipv6Address"])
    return eni
