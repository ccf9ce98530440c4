"""The agent against a server that requires SigV4: it signs with the AWS_* credentials of its environment."""

import os
import time

from conftest import attach_host, new_group, new_network, tcp


def test_agent_signs_its_requests_and_fails_closed_without_keys(lab_factory):
    lab = lab_factory(auth=True)
    ec2 = lab.ec2
    vpc, subnet = new_network(ec2)
    group = new_group(ec2, vpc, "signed")
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[tcp(8080, cidr="10.99.0.0/24")])

    signed = lab.add_host("signed")
    attach_host(lab, signed, subnet, [group])
    keys = lab.server.keys
    env = {**os.environ, "AWS_ACCESS_KEY_ID": keys["accessKeyId"], "AWS_SECRET_ACCESS_KEY": keys["secretAccessKey"]}
    signed.start_agent(env=env, extra=("--account", keys["accountId"]))
    lab.wait_applied(hosts=[signed])
    assert "10.99.0.0/24 . tcp . 8080" in signed.nft("list", "table", "inet", "palisade").stdout

    # Without credentials the server refuses the agent, which then enforces nothing it was not told.
    unsigned = lab.add_host("unsigned")
    attach_host(lab, unsigned, subnet, [group])
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    unsigned.start_agent(env=env, extra=("--account", keys["accountId"]))
    deadline = time.time() + 5
    while time.time() < deadline and "403" not in unsigned.agent_log() and "MissingAuthenticationToken" not in unsigned.agent_log():
        time.sleep(0.1)
    log = unsigned.agent_log()
    assert "403" in log or "MissingAuthenticationToken" in log, log[-2000:]
    assert unsigned.applied_revision() is None
    assert "10.99.0.0/24 . tcp . 8080" not in unsigned.nft("list", "ruleset", check=False).stdout
