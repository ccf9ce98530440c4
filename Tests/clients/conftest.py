"""Shared fixtures for the real-client suite: one `palisade serve` per session, state reset before each test."""

import json
import os
import re
import shutil
import signal
import socket
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
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "debug", "palisade")
ACCOUNT = "123456789012"
REGION = "us-east-1"
NS = "http://ec2.amazonaws.com/doc/2016-11-15/"

LISTEN_RE = re.compile(r"Palisade listening on (http://[0-9.]+:\d+)")


def palisade_bin():
    return os.environ.get("PALISADE_BIN", DEFAULT_BIN)


class Server:
    """A running `palisade serve` process."""

    def __init__(self, db=None, in_memory=False, extra_args=(), allow_reset=True, auth=False):
        self.db = db
        args = [palisade_bin(), "serve", "--port", "0", "--log-level", "warning"]
        if not auth:
            # These suites use dummy credentials; test_auth.py starts its servers with auth=True.
            args.append("--no-auth")
        if in_memory:
            args.append("--in-memory")
        else:
            args += ["--db", str(db)]
        if allow_reset:
            args.append("--allow-reset")
        args += list(extra_args)
        self.args = args
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
        )
        self.url = None
        self.stderr_lines = []
        deadline = time.time() + 60
        # Read stdout until the listening line appears.
        lines = []
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                if self.proc.poll() is not None:
                    break
                continue
            lines.append(line)
            m = LISTEN_RE.search(line)
            if m:
                self.url = m.group(1)
                break
        self.startup_lines = lines
        if self.url is None:
            self.proc.kill()
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"server did not start: {''.join(lines)} {err}")
        # Drain the pipes so the server never blocks on a full pipe.
        self._drainers = [
            threading.Thread(target=self._drain, args=(self.proc.stdout, None), daemon=True),
            threading.Thread(target=self._drain, args=(self.proc.stderr, self.stderr_lines), daemon=True),
        ]
        for t in self._drainers:
            t.start()

    @staticmethod
    def _drain(stream, sink):
        try:
            for line in stream:
                if sink is not None and len(sink) < 2000:
                    sink.append(line)
        except Exception:
            pass

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)

    def reset(self):
        r = requests.post(self.url + "/palisade/v1/reset", timeout=30)
        assert r.status_code in (200, 204), (r.status_code, r.text)


def make_ec2(url, region=REGION, retries=0):
    return boto3.client(
        "ec2",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        config=botocore.config.Config(
            retries={"max_attempts": retries, "mode": "standard"} if retries else {"total_max_attempts": 1},
            connect_timeout=10,
            read_timeout=60,
        ),
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("palisade") / "session.sqlite"
    srv = Server(db=db)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def endpoint(server):
    return server.url


@pytest.fixture(autouse=True)
def _reset_state(request):
    # Reset only for tests that use the session server.
    if "server" in request.fixturenames or "endpoint" in request.fixturenames or "ec2" in request.fixturenames:
        srv = request.getfixturevalue("server")
        srv.reset()
    yield


@pytest.fixture(scope="session")
def _ec2_session_client(endpoint):
    return make_ec2(endpoint)


@pytest.fixture
def ec2(_ec2_session_client, server):
    return _ec2_session_client


@pytest.fixture
def ec2_region(endpoint, server):
    """Factory for clients of other regions."""
    return lambda region: make_ec2(endpoint, region=region)


# ---------------------------------------------------------------- raw requests

def signed_post(url, params, region=REGION, service="ec2", sign=True):
    """POST a form-encoded EC2 Query request, SigV4-signed like botocore does. Returns requests.Response."""
    body = "&".join(
        f"{requests.utils.quote(str(k), safe='')}={requests.utils.quote(str(v), safe='')}"
        for k, v in params.items()
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    if sign:
        req = AWSRequest(method="POST", url=url + "/", data=body, headers=headers)
        SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "secret"), service, region).add_auth(req)
        headers = dict(req.headers.items())
    return requests.post(url + "/", data=body, headers=headers, timeout=30)


@pytest.fixture
def raw(endpoint, server):
    """raw(action, **params) -> requests.Response (signed, us-east-1)."""

    def call(action, params=None, region=REGION):
        p = {"Action": action, "Version": "2016-11-15"}
        p.update(params or {})
        return signed_post(endpoint, p, region=region)

    return call


def parse_error(body):
    """(code, message, request id) of an EC2 error envelope."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(body)
    assert root.tag == "Response", body
    err = root.find("Errors/Error")
    return err.findtext("Code"), err.findtext("Message"), root.findtext("RequestID")


# ---------------------------------------------------------------- AWS CLI

AWS_CLI = shutil.which("aws")


@pytest.fixture
def cli(endpoint, server, tmp_path):
    """cli('describe-vpcs', '--filters', ...) -> (exit code, parsed stdout json or None, stderr)."""
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        AWS_PAGER="",
        AWS_MAX_ATTEMPTS="1",
        AWS_RETRY_MODE="standard",
        AWS_CONFIG_FILE=str(tmp_path / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "aws-credentials"),
    )
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)

    def run(*args, region=None, service="ec2"):
        if AWS_CLI is None:
            pytest.skip("aws CLI not installed")
        cmd = [AWS_CLI, service, *args, "--endpoint-url", endpoint, "--output", "json"]
        if region:
            cmd += ["--region", region]
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        out = None
        if p.stdout.strip():
            try:
                out = json.loads(p.stdout)
            except ValueError:
                out = p.stdout
        return p.returncode, out, p.stderr

    run.env = env
    return run


# ---------------------------------------------------------------- helpers used by many modules

def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def error_message(excinfo):
    return excinfo.value.response["Error"].get("Message", "")


def http_status(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def default_vpc(ec2):
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    assert len(vpcs) == 1
    return vpcs[0]


def new_vpc(ec2, cidr="10.0.0.0/16", **kw):
    return ec2.create_vpc(CidrBlock=cidr, **kw)["Vpc"]


def new_sg(ec2, name, vpc_id=None, desc="test group", **kw):
    args = dict(GroupName=name, Description=desc, **kw)
    if vpc_id:
        args["VpcId"] = vpc_id
    return ec2.create_security_group(**args)["GroupId"]


def group(ec2, group_id):
    return ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]


def rules_of(ec2, group_id):
    return ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group_id]}])[
        "SecurityGroupRules"
    ]


def tcp(port, *cidrs, to=None, desc=None):
    rng = [{"CidrIp": c} if desc is None else {"CidrIp": c, "Description": desc} for c in cidrs]
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port if to is None else to, "IpRanges": rng}
