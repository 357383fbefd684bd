"""A bounded load run against `sfn serve`: 8 keep-alive connections (one process each), raw HTTP,
StartExecution + DescribeExecution pairs of a Pass workflow, for at most SECONDS or PAIRS.

Usage: serve_load.py SFN_BINARY [SECONDS] [PAIRS]. Starts the server on a free port with a store
of its own, drives it with serve_load.c (compiled here with cc), prints pairs/s, fails on any error
or lost execution (every execution started is counted through ListExecutions), and always stops the
server.
"""
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

CONNECTIONS = int(os.environ.get("CONNECTIONS", "8"))
ARN = "arn:aws:states:us-east-1:123456789012:"


def request(sock, buf, target, body):
    data = json.dumps(body).encode()
    sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
                 b"X-Amz-Target: AWSStepFunctions." + target.encode() + b"\r\nContent-Length: "
                 + str(len(data)).encode() + b"\r\n\r\n" + data)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        rest += sock.recv(65536)
    buf[:] = rest[length:]
    status = int(head.split(b" ")[1])
    return status, rest[:length]


def cpu_seconds(pid):
    """User and system CPU time of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    binary = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    total = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    load_before = os.getloadavg()[0]
    store = os.path.join(tempfile.mkdtemp(prefix="sfn-serve-load-"), "sfn.db")
    server = subprocess.Popen([binary, "serve", "--port", "0", "--store", store], stdout=subprocess.PIPE)
    try:
        line = server.stdout.readline().decode()
        port = int(line.split("127.0.0.1:")[1].split()[0])
        sock = socket.create_connection(("127.0.0.1", port))
        definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
        status, body = request(sock, bytearray(), "CreateStateMachine", {
            "name": "Load", "definition": json.dumps(definition), "roleArn": "arn:aws:iam::123456789012:role/r"})
        assert status == 200, body
        # The load itself comes from serve_load.c (raw HTTP from C threads): Python's own cost per
        # request would otherwise be what is measured.
        client = os.path.join(os.path.dirname(store), "serve_load")
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "serve_load.c")
        compiler = shutil.which("cc") or shutil.which("clang") or "cc"
        subprocess.run([compiler, "-O2", "-pthread", "-o", client, source], check=True)
        server_cpu = cpu_seconds(server.pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = subprocess.run([client, str(port), ARN + "stateMachine:Load", str(seconds), str(total),
                              str(CONNECTIONS)], stdout=subprocess.PIPE, text=True)
        pairs, errors, elapsed = run.stdout.split()
        pairs, errors, elapsed = int(pairs), int(errors), float(elapsed)
        server_cpu = cpu_seconds(server.pid) - server_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        client_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        start = time.time() - elapsed
        # Every execution started must be in the store and end SUCCEEDED (waiting up to 60 s):
        # counted in the store file itself, and the API's ListExecutions must agree.
        settle = time.time() + 60
        db = sqlite3.connect(store)
        while True:
            counted, running = db.execute(
                "SELECT count(*), coalesce(sum(status != 'SUCCEEDED'), 0) FROM executions "
                "WHERE state_machine_name = 'Load'").fetchone()
            if running == 0 or time.time() > settle:
                break
            time.sleep(0.1)
        db.close()
        settled = time.time() - start
        status, page = request(sock, bytearray(), "ListExecutions", {
            "stateMachineArn": ARN + "stateMachine:Load", "statusFilter": "SUCCEEDED", "maxResults": 1})
        assert status == 200 and len(json.loads(page)["executions"]) == min(1, pairs), page
        print(f"serve load: {pairs} StartExecution + DescribeExecution pairs in {elapsed:.2f} s over "
              f"{CONNECTIONS} keep-alive connections: {pairs / elapsed:,.0f} pairs/s; "
              f"{errors} errors, {counted} executions in the store, {running} not SUCCEEDED "
              f"(all ended {settled - elapsed:.2f} s after the last pair)")
        # CPU per pair is what the other processes on the machine do not change much: the rate this
        # machine could reach alone is about cores / (server + client CPU per pair).
        per_pair = (server_cpu + client_cpu) / max(pairs, 1)
        print(f"CPU per pair: server {server_cpu / max(pairs, 1) * 1e6:.0f} us, load client "
              f"{client_cpu / max(pairs, 1) * 1e6:.0f} us (load average before the run {load_before:.1f}; "
              f"{os.cpu_count()} cores alone: about {os.cpu_count() / per_pair:,.0f} pairs/s)")
        if errors or counted != pairs or running:
            sys.exit(1)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
