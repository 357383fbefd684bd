"""Drives `sfn serve` with boto3, as a Step Functions Local user's test suite does.

Usage: serve_boto3.py PORT. Prints `ok CHECK` per check passed; exits 1 at the first failure.
"""
import json
import socket
import threading

import sfn_boto3
from sfn_boto3 import PORT, PREFIX, ROLE, check, error_of

sfn = sfn_boto3.client(connections=60)
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"got.$": "$.x"}, "End": True}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}}
FAIL = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "it broke"}}}


def wait_done(arn, timeout=20):
    return sfn_boto3.wait_done(sfn, arn, timeout)


# State machines
m = sfn.create_state_machine(name="Pass", definition=json.dumps(PASS), roleArn=ROLE,
                             tags=[{"key": "team", "value": "a"}])
arn = m["stateMachineArn"]
check("CreateStateMachine", arn == PREFIX + "stateMachine:Pass")
again = sfn.create_state_machine(name="Pass", definition=json.dumps(PASS), roleArn=ROLE)
check("CreateStateMachine idempotent", again["stateMachineArn"] == arn)
check("StateMachineAlreadyExists", error_of(sfn.create_state_machine, name="Pass",
      definition=json.dumps(FAIL), roleArn=ROLE) == "StateMachineAlreadyExists")
check("InvalidDefinition", error_of(sfn.create_state_machine, name="Bad",
      definition='{"StartAt": "Nope", "States": {}}', roleArn=ROLE) == "InvalidDefinition")
check("InvalidDefinition (not JSON)", error_of(sfn.create_state_machine, name="Bad",
      definition='{', roleArn=ROLE) == "InvalidDefinition")
check("InvalidName", error_of(sfn.create_state_machine, name="a b",
      definition=json.dumps(PASS), roleArn=ROLE) == "InvalidName")
d = sfn.describe_state_machine(stateMachineArn=arn)
check("DescribeStateMachine", d["name"] == "Pass" and json.loads(d["definition"]) == PASS
      and d["type"] == "STANDARD" and d["roleArn"] == ROLE and d["status"] == "ACTIVE")
check("StateMachineDoesNotExist", error_of(sfn.describe_state_machine,
      stateMachineArn=PREFIX + "stateMachine:Missing") == "StateMachineDoesNotExist")
check("InvalidArn", error_of(sfn.describe_state_machine, stateMachineArn="not-an-arn") == "InvalidArn")
express = sfn.create_state_machine(name="Express", definition=json.dumps(PASS), roleArn=ROLE,
                                   type="EXPRESS")["stateMachineArn"]
waiting = sfn.create_state_machine(name="Waiting", definition=json.dumps(WAIT), roleArn=ROLE)["stateMachineArn"]
failing = sfn.create_state_machine(name="Failing", definition=json.dumps(FAIL), roleArn=ROLE)["stateMachineArn"]
names = [s["name"] for s in sfn.list_state_machines()["stateMachines"]]
check("ListStateMachines", names == ["Pass", "Express", "Waiting", "Failing"], names)
page = sfn.list_state_machines(maxResults=2)
rest = sfn.list_state_machines(maxResults=2, nextToken=page["nextToken"])
check("ListStateMachines pages", [s["name"] for s in page["stateMachines"] + rest["stateMachines"]] == names
      and "nextToken" not in rest)
u = sfn.update_state_machine(stateMachineArn=failing, definition=json.dumps(FAIL), roleArn=ROLE + "2")
check("UpdateStateMachine", "updateDate" in u and
      sfn.describe_state_machine(stateMachineArn=failing)["roleArn"] == ROLE + "2")

# Tags
sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}])
tags = sfn.list_tags_for_resource(resourceArn=arn)["tags"]
check("TagResource", tags == [{"key": "team", "value": "a"}, {"key": "env", "value": "dev"}], tags)
sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
check("UntagResource", sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "dev"}])

# Executions
e = sfn.start_execution(stateMachineArn=arn, name="first", input='{"x": 42}')
check("StartExecution", e["executionArn"] == PREFIX + "execution:Pass:first")
d = wait_done(e["executionArn"])
check("DescribeExecution", d["status"] == "SUCCEEDED" and json.loads(d["output"]) == {"got": 42}
      and d["name"] == "first" and d["stateMachineArn"] == arn)
check("ExecutionAlreadyExists", error_of(sfn.start_execution, stateMachineArn=arn, name="first",
      input='{"x": 42}') == "ExecutionAlreadyExists")
w = sfn.start_execution(stateMachineArn=waiting, name="w1", input="{}")
same = sfn.start_execution(stateMachineArn=waiting, name="w1", input="{}")
check("StartExecution idempotent while running", same["executionArn"] == w["executionArn"])
check("ExecutionAlreadyExists (other input)", error_of(sfn.start_execution, stateMachineArn=waiting,
      name="w1", input='{"other": 1}') == "ExecutionAlreadyExists")
check("InvalidExecutionInput", error_of(sfn.start_execution, stateMachineArn=arn, input="{nope")
      == "InvalidExecutionInput")
check("ExecutionDoesNotExist", error_of(sfn.describe_execution,
      executionArn=PREFIX + "execution:Pass:missing") == "ExecutionDoesNotExist")
check("InvalidArn (execution)", error_of(sfn.describe_execution, executionArn="arn:aws:states:x") == "InvalidArn")
s = sfn.stop_execution(executionArn=w["executionArn"], error="Halt", cause="enough")
d = wait_done(w["executionArn"])
check("StopExecution", "stopDate" in s and d["status"] == "ABORTED" and d.get("error") == "Halt", d)

h = sfn.get_execution_history(executionArn=e["executionArn"])["events"]
types = [x["type"] for x in h]
check("GetExecutionHistory", types == ["ExecutionStarted", "PassStateEntered", "PassStateExited",
      "ExecutionSucceeded"], types)
r = sfn.get_execution_history(executionArn=e["executionArn"], reverseOrder=True, maxResults=3)
check("GetExecutionHistory reverseOrder and pages", [x["id"] for x in r["events"]] == [4, 3, 2] and "nextToken" in r)
nd = sfn.get_execution_history(executionArn=e["executionArn"], includeExecutionData=False)["events"]
check("GetExecutionHistory includeExecutionData", "input" not in nd[0]["executionStartedEventDetails"])

f = sfn.start_execution(stateMachineArn=failing, name="f1")
d = wait_done(f["executionArn"])
check("failed execution", d["status"] == "FAILED" and d["error"] == "Boom" and d["cause"] == "it broke")
sm = sfn.describe_state_machine_for_execution(executionArn=f["executionArn"])
check("DescribeStateMachineForExecution", json.loads(sm["definition"]) == FAIL and sm["name"] == "Failing")
red = sfn.redrive_execution(executionArn=f["executionArn"])
d = wait_done(f["executionArn"])
check("RedriveExecution", "redriveDate" in red and d["redriveCount"] == 1 and d["status"] == "FAILED", d)
check("ExecutionNotRedrivable", error_of(sfn.redrive_execution, executionArn=e["executionArn"])
      == "ExecutionNotRedrivable")
redriven = sfn.list_executions(stateMachineArn=failing, redriveFilter="REDRIVEN")["executions"]
check("ListExecutions redriveFilter", [x["name"] for x in redriven] == ["f1"])

# Sync executions of EXPRESS machines
out = sfn.start_sync_execution(stateMachineArn=express, input='{"x": "sync"}')
check("StartSyncExecution", out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"got": "sync"}
      and out["executionArn"].startswith(PREFIX + "express:Express:"))
check("StateMachineTypeNotSupported", error_of(sfn.start_sync_execution, stateMachineArn=arn)
      == "StateMachineTypeNotSupported")

# 50 concurrent executions, each from its own thread
started = []
lock = threading.Lock()


def start(i):
    c = sfn_boto3.client(connections=60)
    r = c.start_execution(stateMachineArn=arn, name=f"c{i}", input=json.dumps({"x": i}))
    with lock:
        started.append(r["executionArn"])


threads = [threading.Thread(target=start, args=(i,)) for i in range(50)]
for t in threads:
    t.start()
for t in threads:
    t.join()
outcomes = [wait_done(a)["status"] for a in started]
listed = []
token = None
while True:
    kwargs = {"stateMachineArn": arn, "maxResults": 20}
    if token:
        kwargs["nextToken"] = token
    page = sfn.list_executions(**kwargs)
    listed += [x["name"] for x in page["executions"]]
    token = page.get("nextToken")
    if not token:
        break
check("50 concurrent executions", len(started) == 50 and outcomes.count("SUCCEEDED") == 50
      and all(f"c{i}" in listed for i in range(50)) and len(listed) == 51, (len(started), len(listed)))
succeeded = sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")["executions"]
check("ListExecutions statusFilter", len(succeeded) == 51)
check("ListExecutions ValidationException", error_of(sfn.list_executions, stateMachineArn=arn,
      statusFilter="NOPE") == "ValidationException")

# TestState and ValidateStateMachineDefinition
t = sfn.test_state(definition=json.dumps({"Type": "Pass", "Parameters": {"y.$": "$.x"}, "End": True}),
                   roleArn=ROLE, input='{"x": 5}')
check("TestState", t["status"] == "SUCCEEDED" and json.loads(t["output"]) == {"y": 5}, t)
v = sfn.validate_state_machine_definition(definition='{"StartAt": "Nope", "States": {}}')
check("ValidateStateMachineDefinition", v["result"] == "FAIL" and any(
      x["code"] == "MISSING_TRANSITION_TARGET" for x in v["diagnostics"]), v)
check("ValidateStateMachineDefinition OK", sfn.validate_state_machine_definition(
      definition=json.dumps(PASS))["result"] == "OK")

sfn.delete_state_machine(stateMachineArn=express)
check("DeleteStateMachine", error_of(sfn.describe_state_machine, stateMachineArn=express)
      == "StateMachineDoesNotExist")


# Malformed and hostile requests, raw
def raw(data, read=True, timeout=5):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        s.sendall(data)
        if not read:
            return b""
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not b:
                break
            chunks.append(b)
            if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in b"".join(chunks):
                break
        return b"".join(chunks)
    finally:
        s.close()


def post(body, target="AWSStepFunctions.ListStateMachines", extra=b""):
    return (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: "
            + target.encode() + b"\r\n" + extra + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


check("malformed JSON body", b"400" in raw(post(b"{nope")).split(b"\r\n")[0]
      and b"SerializationException" in raw(post(b"{nope")))
check("unknown operation", b"UnknownOperationException" in raw(post(b"{}", "AWSStepFunctions.Nope")))
check("garbage request line", raw(b"\x00\x01garbage\r\n\r\n").startswith(b"HTTP/1.1 400"))
check("garbage header", raw(b"POST / HTTP/1.1\r\nno colon here\r\n\r\n").startswith(b"HTTP/1.1 400"))
check("chunked body refused", raw(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
      .startswith(b"HTTP/1.1 411"))
check("huge header", raw(b"GET / HTTP/1.1\r\nX: " + b"a" * 100_000 + b"\r\n\r\n").startswith(b"HTTP/1.1 431"))
check("bad Content-Length", raw(b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n").startswith(b"HTTP/1.1 400"))
big = 100 * 1024 * 1024
reply = raw(b"POST / HTTP/1.1\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\nContent-Length: "
            + str(big).encode() + b"\r\n\r\n" + b"x" * 65536)
check("100 MB body refused", reply.startswith(b"HTTP/1.1 413"), reply[:80])
# The whole 100 MB sent: the server answers 413 and closes; the client sees the answer or a reset.
s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
try:
    s.sendall(b"POST / HTTP/1.1\r\nContent-Length: " + str(big).encode() + b"\r\n\r\n")
    sent = 0
    chunk = b"y" * (1 << 20)
    while sent < big:
        s.sendall(chunk)
        sent += len(chunk)
except (BrokenPipeError, ConnectionResetError, socket.timeout):
    pass
finally:
    s.close()
check("100 MB body sent whole", True)
# A truncated body: the client announces 100 bytes, sends 10, then closes.
raw(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"a\": 1}", read=False)
# Slow clients: one that sends half a request and stalls, several idle connections.
slow = [socket.create_connection(("127.0.0.1", PORT)) for _ in range(20)]
for c in slow:
    c.sendall(b"POST / HTTP/1.1\r\nContent-Le")
keep = socket.create_connection(("127.0.0.1", PORT), timeout=5)
for i in range(3):
    keep.sendall(post(b"{}"))
    got = keep.recv(65536)
    check(f"keep-alive request {i + 1} while slow clients wait", got.startswith(b"HTTP/1.1 200"))
keep.close()
for c in slow:
    c.close()
check("still serving after hostile requests", len(sfn.list_state_machines()["stateMachines"]) == 3)
print("done", flush=True)
