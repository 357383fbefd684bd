"""Drives `sfn serve` with boto3 over Map Runs: an execution with a Distributed Map, then
ListMapRuns and DescribeMapRun, and their errors.

Usage: serve_boto3_map_runs.py PORT. Prints `ok CHECK` per check passed; exits 1 at the first failure.
"""
import json
import time

from sfn_boto3 import ROLE, check, client, error_of

sfn = client()


definition = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map", "Label": "Doubles", "ItemsPath": "$.items", "MaxConcurrency": 2,
            "ToleratedFailureCount": 1,
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Double",
                "States": {"Double": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": True}},
            },
            "End": True,
        }
    },
}
machine = sfn.create_state_machine(name="map-runs", definition=json.dumps(definition), roleArn=ROLE)
arn = machine["stateMachineArn"]
started = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"items": [{"n": i} for i in range(5)]}))
execution = started["executionArn"]
end = time.time() + 30
while time.time() < end:
    described = sfn.describe_execution(executionArn=execution)
    if described["status"] != "RUNNING":
        break
    time.sleep(0.05)
check("the Distributed Map execution succeeds", described["status"] == "SUCCEEDED", described)

runs = sfn.list_map_runs(executionArn=execution)["mapRuns"]
check("ListMapRuns lists the Map Run", len(runs) == 1, runs)
run = runs[0]
check("ListMapRuns item shape", run["executionArn"] == execution
      and ":mapRun:map-runs/Doubles:" in run["mapRunArn"] and "startDate" in run, run)

d = sfn.describe_map_run(mapRunArn=run["mapRunArn"])
check("DescribeMapRun status and settings", d["status"] == "SUCCEEDED" and d["maxConcurrency"] == 2
      and d["toleratedFailureCount"] == 1 and d["executionArn"] == execution, d)
check("DescribeMapRun counts", d["itemCounts"]["succeeded"] == 5 and d["itemCounts"]["total"] == 5
      and d["executionCounts"]["succeeded"] == 5, d)

check("ListMapRuns of a missing execution is ExecutionDoesNotExist",
      error_of(sfn.list_map_runs, executionArn=execution.replace(started["executionArn"].split(":")[-1], "nope"))
      == "ExecutionDoesNotExist")
check("DescribeMapRun of a malformed ARN is InvalidArn", error_of(sfn.describe_map_run, mapRunArn="nope") == "InvalidArn")
check("DescribeMapRun of an unknown Map Run is ResourceNotFound",
      error_of(sfn.describe_map_run, mapRunArn=run["mapRunArn"] + "x") == "ResourceNotFound")
