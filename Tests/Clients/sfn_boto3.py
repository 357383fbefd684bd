"""What the `sfn serve` client scripts share: the server's port (the first argument), a boto3
client pointed at it, and `ok CHECK` reporting that stops at the first failure."""
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

PORT = int(sys.argv[1])
ENDPOINT = f"http://127.0.0.1:{PORT}"
ROLE = "arn:aws:iam::123456789012:role/sfn-test"
PREFIX = "arn:aws:states:us-east-1:123456789012:"


def client(connections=10):
    return boto3.client(
        "stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, inject_host_prefix=False, max_pool_connections=connections))


def check(name, condition, detail=""):
    if not condition:
        print(f"FAILED {name} {detail}", flush=True)
        sys.exit(1)
    print(f"ok {name}", flush=True)


def error_of(call, **kwargs):
    """The error code a call fails with, or None when it succeeds."""
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def wait_done(c, arn, timeout=20):
    """DescribeExecution once the execution has left RUNNING (or at the timeout)."""
    end = time.time() + timeout
    while time.time() < end:
        d = c.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.05)
    return d
