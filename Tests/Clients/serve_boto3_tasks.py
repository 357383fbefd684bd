"""Drives `sfn serve` with boto3: callbacks answered by a second client, activities with boto3 as the
worker, versions and aliases, and what a restarted server still knows.

Usage: serve_boto3_tasks.py PORT PHASE, PHASE one of `tasks` (callbacks, activities, versions and
aliases; the server runs with --activity-poll 1), `before-restart`, `after-restart`. Prints `ok CHECK`
per check passed; exits 1 at the first failure.
"""
import json
import sys
import threading
import time

import sfn_boto3
from sfn_boto3 import PREFIX, ROLE, check, client, error_of

PHASE = sys.argv[2]
sfn = client()


def wait_done(arn, timeout=20, c=sfn):
    return sfn_boto3.wait_done(c, arn, timeout)


def token_of(arn, c, timeout=10):
    """The task token a waiting execution's TaskScheduled event carries (what SQS would deliver)."""
    end = time.time() + timeout
    while time.time() < end:
        for e in c.get_execution_history(executionArn=arn)["events"]:
            if e["type"] == "TaskScheduled":
                return json.loads(e["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
        time.sleep(0.05)
    return None


def callback_machine(name, heartbeat=None):
    task = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                           "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
            "End": True}
    if heartbeat:
        task["HeartbeatSeconds"] = heartbeat
    definition = {"StartAt": "Notify", "States": {"Notify": task}}
    return sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]


def activity_machine(name, activity_arn):
    definition = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity_arn, "End": True}}}
    return sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]


def pass_definition(result):
    return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}})


def callbacks():
    arn = callback_machine("Callback")
    e = sfn.start_execution(stateMachineArn=arn, name="ok", input='{"order": 7}')["executionArn"]
    # A second client, as the worker that got the SQS message would be.
    other = client()
    token = token_of(e, other)
    check("callback token in TaskScheduled", token is not None and len(token) == 64, token)
    time.sleep(0.3)
    check("callback execution waits", sfn.describe_execution(executionArn=e)["status"] == "RUNNING")
    other.send_task_heartbeat(taskToken=token)
    other.send_task_success(taskToken=token, output='{"shipped": 7}')
    d = wait_done(e)
    check("SendTaskSuccess from a second client", d["status"] == "SUCCEEDED"
          and json.loads(d["output"]) == {"shipped": 7}, d)
    check("TaskTimedOut after the answer", error_of(other.send_task_success, taskToken=token, output="{}")
          == "TaskTimedOut")

    e = sfn.start_execution(stateMachineArn=arn, name="rejected", input='{"order": 8}')["executionArn"]
    token = token_of(e, other)
    check("InvalidOutput", error_of(other.send_task_success, taskToken=token, output="{nope") == "InvalidOutput")
    other.send_task_failure(taskToken=token, error="Rejected", cause="out of stock")
    d = wait_done(e)
    check("SendTaskFailure", d["status"] == "FAILED" and d["error"] == "Rejected"
          and d["cause"] == "out of stock", d)

    hb = callback_machine("Heartbeat", heartbeat=1)
    e = sfn.start_execution(stateMachineArn=hb, name="silent", input='{"order": 9}')["executionArn"]
    token = token_of(e, other)
    for _ in range(3):
        time.sleep(0.5)
        check("SendTaskHeartbeat", other.send_task_heartbeat(taskToken=token)["ResponseMetadata"]
              ["HTTPStatusCode"] == 200)
    check("heartbeats keep the task waiting", sfn.describe_execution(executionArn=e)["status"] == "RUNNING")
    d = wait_done(e)
    check("heartbeat timeout", d["status"] == "FAILED" and d["error"] == "States.HeartbeatTimeout", d)
    check("TaskTimedOut after a heartbeat timeout", error_of(other.send_task_success, taskToken=token,
          output="{}") == "TaskTimedOut")
    check("TaskTimedOut (heartbeat)", error_of(other.send_task_heartbeat, taskToken=token) == "TaskTimedOut")
    check("TaskDoesNotExist", error_of(other.send_task_success, taskToken="0" * 64, output="{}")
          == "TaskDoesNotExist")
    check("InvalidToken", error_of(other.send_task_failure, taskToken="not a token") == "InvalidToken")


def activities():
    a = sfn.create_activity(name="pack", tags=[{"key": "team", "value": "ops"}])
    arn = a["activityArn"]
    check("CreateActivity", arn == PREFIX + "activity:pack")
    check("CreateActivity idempotent", sfn.create_activity(name="pack")["activityArn"] == arn)
    d = sfn.describe_activity(activityArn=arn)
    check("DescribeActivity", d["name"] == "pack" and d["activityArn"] == arn and "creationDate" in d)
    sfn.create_activity(name="label")
    names = [x["name"] for x in sfn.list_activities()["activities"]]
    check("ListActivities", names == ["pack", "label"], names)
    page = sfn.list_activities(maxResults=1)
    check("ListActivities pages", len(page["activities"]) == 1 and "nextToken" in page)
    check("ListTagsForResource (activity)", sfn.list_tags_for_resource(resourceArn=arn)["tags"]
          == [{"key": "team", "value": "ops"}])
    check("ActivityDoesNotExist", error_of(sfn.describe_activity, activityArn=PREFIX + "activity:none")
          == "ActivityDoesNotExist")
    check("InvalidArn (activity)", error_of(sfn.get_activity_task, activityArn="activity:pack") == "InvalidArn")
    started = time.time()
    empty = sfn.get_activity_task(activityArn=arn, workerName="w")
    waited = time.time() - started
    check("GetActivityTask long poll ends without a task", not empty.get("taskToken") and 0.9 <= waited < 5,
          (empty, waited))

    machine = activity_machine("Packer", arn)
    runs = [sfn.start_execution(stateMachineArn=machine, name=f"p{i}", input=json.dumps({"item": i}))
            ["executionArn"] for i in range(3)]
    worker = client()
    done = []

    def work():
        # boto3 as the activity worker: poll, answer, until three tasks are done.
        while len(done) < 3:
            task = worker.get_activity_task(activityArn=arn, workerName="packer-1")
            if not task.get("taskToken"):
                continue
            item = json.loads(task["input"])["item"]
            if item == 2:
                worker.send_task_failure(taskToken=task["taskToken"], error="Broken", cause="item 2")
            else:
                worker.send_task_success(taskToken=task["taskToken"], output=json.dumps({"packed": item}))
            done.append(item)

    t = threading.Thread(target=work)
    t.start()
    t.join(30)
    outcomes = [wait_done(r) for r in runs]
    check("GetActivityTask and SendTaskSuccess (boto3 worker)", [o["status"] for o in outcomes[:2]]
          == ["SUCCEEDED", "SUCCEEDED"] and json.loads(outcomes[1]["output"]) == {"packed": 1}, outcomes)
    check("activity SendTaskFailure", outcomes[2]["status"] == "FAILED" and outcomes[2]["error"] == "Broken")
    check("activity tasks in order", sorted(done) == [0, 1, 2], done)
    sfn.delete_activity(activityArn=PREFIX + "activity:label")
    check("DeleteActivity", error_of(sfn.describe_activity, activityArn=PREFIX + "activity:label")
          == "ActivityDoesNotExist")
    check("DeleteActivity twice", error_of(sfn.delete_activity, activityArn=PREFIX + "activity:label") is None)


def versions():
    c = sfn.create_state_machine(name="Ver", definition=pass_definition("one"), roleArn=ROLE, publish=True,
                                 versionDescription="first")
    m = c["stateMachineArn"]
    v1 = c.get("stateMachineVersionArn")
    check("CreateStateMachine publish", v1 == m + ":1", c)
    u = sfn.update_state_machine(stateMachineArn=m, definition=pass_definition("two"), publish=True,
                                 versionDescription="second")
    v2 = u.get("stateMachineVersionArn")
    check("UpdateStateMachine publish", v2 == m + ":2", u)
    p = sfn.publish_state_machine_version(stateMachineArn=m)
    check("PublishStateMachineVersion idempotent", p["stateMachineVersionArn"] == v2, p)
    check("ConflictException (revisionId)", error_of(sfn.publish_state_machine_version, stateMachineArn=m,
          revisionId="stale") == "ConflictException")
    sfn.update_state_machine(stateMachineArn=m, definition=pass_definition("three"))
    rev = sfn.describe_state_machine(stateMachineArn=m)["revisionId"]
    v3 = sfn.publish_state_machine_version(stateMachineArn=m, revisionId=rev, description="third")
    check("PublishStateMachineVersion", v3["stateMachineVersionArn"] == m + ":3")
    listed = [x["stateMachineVersionArn"] for x in sfn.list_state_machine_versions(stateMachineArn=m)
              ["stateMachineVersions"]]
    check("ListStateMachineVersions", listed == [m + ":3", v2, v1], listed)
    d = sfn.describe_state_machine(stateMachineArn=v1)
    check("DescribeStateMachine (version)", d["stateMachineArn"] == v1 and json.loads(d["definition"])
          ["States"]["P"]["Result"] == "one" and d.get("description") == "first", d)
    check("StateMachineDoesNotExist (version)", error_of(sfn.describe_state_machine, stateMachineArn=m + ":9")
          == "StateMachineDoesNotExist")

    a = sfn.create_state_machine_alias(name="prod", routingConfiguration=[
        {"stateMachineVersionArn": v1, "weight": 100}], description="live")
    alias = a["stateMachineAliasArn"]
    check("CreateStateMachineAlias", alias == m + ":prod", a)
    da = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    check("DescribeStateMachineAlias", da["name"] == "prod" and da["description"] == "live"
          and da["routingConfiguration"] == [{"stateMachineVersionArn": v1, "weight": 100}], da)
    check("alias weights must add up to 100", error_of(sfn.create_state_machine_alias, name="half",
          routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 50}]) == "ValidationException")
    check("ResourceNotFound (alias)", error_of(sfn.describe_state_machine_alias,
          stateMachineAliasArn=m + ":nope") == "ResourceNotFound")
    sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[
        {"stateMachineVersionArn": v2, "weight": 100}])
    check("UpdateStateMachineAlias", sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
          ["routingConfiguration"][0]["stateMachineVersionArn"] == v2)
    sfn.create_state_machine_alias(name="canary", routingConfiguration=[
        {"stateMachineVersionArn": v1, "weight": 90}, {"stateMachineVersionArn": v2, "weight": 10}])
    names = [x["stateMachineAliasArn"] for x in sfn.list_state_machine_aliases(stateMachineArn=m)
             ["stateMachineAliases"]]
    check("ListStateMachineAliases", names == [alias, m + ":canary"], names)

    e = sfn.start_execution(stateMachineArn=alias, name="via-alias")
    d = wait_done(e["executionArn"])
    check("StartExecution (alias)", e["executionArn"] == PREFIX + "execution:Ver:via-alias"
          and d["output"] == '"two"' and d.get("stateMachineAliasArn") == alias
          and d.get("stateMachineVersionArn") == v2 and d["stateMachineArn"] == m, d)
    e = sfn.start_execution(stateMachineArn=v1, name="via-version")
    d = wait_done(e["executionArn"])
    check("StartExecution (version)", d["output"] == '"one"' and d.get("stateMachineVersionArn") == v1, d)
    d = wait_done(sfn.start_execution(stateMachineArn=m, name="latest")["executionArn"])
    check("StartExecution (unqualified runs the latest revision)", d["output"] == '"three"', d)

    check("DeleteStateMachineVersion refused while an alias routes to it",
          error_of(sfn.delete_state_machine_version, stateMachineVersionArn=v2) == "ConflictException")
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    check("DeleteStateMachineAlias", error_of(sfn.describe_state_machine_alias, stateMachineAliasArn=alias)
          == "ResourceNotFound")
    sfn.delete_state_machine_version(stateMachineVersionArn=m + ":3")
    listed = [x["stateMachineVersionArn"] for x in sfn.list_state_machine_versions(stateMachineArn=m)
              ["stateMachineVersions"]]
    check("DeleteStateMachineVersion", listed == [v2, v1], listed)
    check("ValidationException (not a version ARN)", error_of(sfn.delete_state_machine_version,
          stateMachineVersionArn=m) == "ValidationException")


def before_restart():
    m = sfn.create_state_machine(name="Keep", definition=pass_definition("kept"), roleArn=ROLE, type="EXPRESS",
                                 tags=[{"key": "k", "value": "v"}], publish=True)
    sfn.create_state_machine_alias(name="live", routingConfiguration=[
        {"stateMachineVersionArn": m["stateMachineVersionArn"], "weight": 100}])
    sfn.create_activity(name="kept-activity")
    d = wait_done(sfn.start_execution(stateMachineArn=m["stateMachineArn"] + ":live", name="before")
                  ["executionArn"])
    check("before restart", d["status"] == "SUCCEEDED", d)


def after_restart():
    m = PREFIX + "stateMachine:Keep"
    d = sfn.describe_state_machine(stateMachineArn=m)
    check("state machine kept across a restart", d["type"] == "EXPRESS" and d["roleArn"] == ROLE
          and json.loads(d["definition"])["States"]["P"]["Result"] == "kept", d)
    check("tags kept", sfn.list_tags_for_resource(resourceArn=m)["tags"] == [{"key": "k", "value": "v"}])
    check("versions kept", [x["stateMachineVersionArn"] for x in sfn.list_state_machine_versions(
          stateMachineArn=m)["stateMachineVersions"]] == [m + ":1"])
    check("aliases kept", sfn.describe_state_machine_alias(stateMachineAliasArn=m + ":live")
          ["routingConfiguration"] == [{"stateMachineVersionArn": m + ":1", "weight": 100}])
    check("activities kept", [x["name"] for x in sfn.list_activities()["activities"]] == ["kept-activity"])
    old = sfn.describe_execution(executionArn=PREFIX + "execution:Keep:before")
    check("execution kept with its alias", old["status"] == "SUCCEEDED"
          and old.get("stateMachineAliasArn") == m + ":live", old)
    d = wait_done(sfn.start_execution(stateMachineArn=m + ":live", name="after")["executionArn"])
    check("alias runs after a restart", d["status"] == "SUCCEEDED" and d["output"] == '"kept"', d)
    check("machine numbering goes on", sfn.update_state_machine(stateMachineArn=m, definition=pass_definition(
          "new"), publish=True)["stateMachineVersionArn"] == m + ":2")


if PHASE == "tasks":
    callbacks()
    activities()
    versions()
elif PHASE == "before-restart":
    before_restart()
elif PHASE == "after-restart":
    after_restart()
print("done", flush=True)
