"""Signs EC2 (and STS) requests with botocore's own SigV4 signers and prints them as JSON.

PalisadeAuthTests runs this with python3 and checks that SigV4Verifier accepts every request
and rejects tampered variants. Requests are captured just before they would be sent, so the
headers and body are exactly what botocore (and therefore the AWS CLI) puts on the wire.

    python3 botocore_vectors.py | python3 -m json.tool
"""

import base64
import datetime
import json
import sys

import botocore.auth
import botocore.session
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ENDPOINT = "http://127.0.0.1:8080"
NOW = datetime.datetime(2024, 5, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLE//////////wEaDPalisadeTestToken+/="

# Every signer reads the clock through this function.
botocore.auth.get_current_datetime = lambda: NOW.replace(tzinfo=None)


class Captured(Exception):
    def __init__(self, request):
        self.request = request


def capture(request, **kwargs):
    raise Captured(request)


def wire(name, request, region="us-east-1", service="ec2", expect="ok", **extra):
    """Describes a prepared botocore request as the server would receive it, and how its scope should read."""
    prepared = request.prepare() if isinstance(request, AWSRequest) else request
    split = prepared.url.split("?", 1)
    target = split[0][len(ENDPOINT):] or "/"
    query = split[1] if len(split) > 1 else ""
    headers = [[k, v.decode() if isinstance(v, bytes) else v] for k, v in prepared.headers.items()]
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ["Host", ENDPOINT.split("://", 1)[1]])
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    return {
        "name": name,
        "method": prepared.method,
        "path": target,
        "query": query,
        "headers": headers,
        "body": base64.b64encode(body).decode(),
        "region": region,
        "service": service,
        "expect": expect,
        **extra,
    }


def client_call(session, service, region, operation, params, token=None):
    client = session.create_client(
        service,
        region_name=region,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=token,
    )
    client.meta.events.register("before-send", capture)
    try:
        getattr(client, operation)(**params)
    except Captured as captured:
        return captured.request
    raise RuntimeError("request was not captured")


def main():
    session = botocore.session.get_session()
    vectors = []

    vectors.append(wire("ec2-describe-vpcs", client_call(session, "ec2", "us-east-1", "describe_vpcs", {})))
    vectors.append(
        wire(
            "ec2-authorize-ingress",
            client_call(
                session,
                "ec2",
                "us-east-1",
                "authorize_security_group_ingress",
                {
                    "GroupId": "sg-0123456789abcdef0",
                    "IpPermissions": [
                        {
                            "IpProtocol": "tcp",
                            "FromPort": 22,
                            "ToPort": 22,
                            "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "ssh from the office ~ & 'friends' ünïcode"}],
                        }
                    ],
                },
            ),
        )
    )
    vectors.append(
        wire(
            "ec2-create-security-group-eu",
            client_call(
                session,
                "ec2",
                "eu-west-1",
                "create_security_group",
                {"GroupName": "web+api/1", "Description": "a b  c=d&e", "VpcId": "vpc-1a2b3c4d"},
            ),
            region="eu-west-1",
        )
    )
    vectors.append(
        wire(
            "ec2-session-token",
            client_call(session, "ec2", "us-east-1", "describe_security_groups", {}, token=SESSION_TOKEN),
            sessionToken=SESSION_TOKEN,
        )
    )
    vectors.append(
        wire("sts-get-caller-identity", client_call(session, "sts", "us-east-1", "get_caller_identity", {}), service="sts")
    )

    credentials = Credentials(ACCESS_KEY, SECRET_KEY)

    presigned = AWSRequest(
        method="GET",
        url=ENDPOINT + "/?Action=DescribeSecurityGroups&Version=2016-11-15&GroupId.1=sg-0123456789abcdef0",
    )
    SigV4QueryAuth(credentials, "ec2", "us-east-1", expires=300).add_auth(presigned)
    vectors.append(wire("ec2-presigned-get", presigned, expires=300))

    # A form POST signed directly with SigV4Auth, as botocore signs any query-protocol request.
    direct = AWSRequest(
        method="POST",
        url=ENDPOINT + "/",
        data={"Action": "DescribeVpcs", "Version": "2016-11-15", "VpcId.1": "vpc-1a2b3c4d"},
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    SigV4Auth(credentials, "ec2", "ap-northeast-1").add_auth(direct)
    vectors.append(wire("ec2-sigv4auth-direct", direct, region="ap-northeast-1"))

    # Signed correctly, but for a service the EC2 endpoint does not answer.
    wrong_service = AWSRequest(method="POST", url=ENDPOINT + "/", data={"Action": "DescribeVpcs"})
    SigV4Auth(credentials, "s3", "us-east-1").add_auth(wrong_service)
    vectors.append(wire("signed-for-s3", wrong_service, service="s3", expect="SignatureDoesNotMatch"))

    json.dump(
        {
            "accessKeyId": ACCESS_KEY,
            "secretAccessKey": SECRET_KEY,
            "now": NOW.strftime("%Y%m%dT%H%M%SZ"),
            "botocore": botocore.__version__,
            "vectors": vectors,
        },
        sys.stdout,
        indent=1,
    )


if __name__ == "__main__":
    main()
