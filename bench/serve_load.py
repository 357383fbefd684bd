"""A bounded load run against `sfn serve`: 8 keep-alive connections (one process each), raw HTTP,
StartExecution + DescribeExecution pairs of a Pass workflow, for at most SECONDS or PAIRS.

Usage: serve_load.py SFN_BINARY [SECONDS] [PAIRS]. Starts the server on a free port with a store
of its own, drives it with serve_load.c (compiled here with cc), prints pairs/s, fails on any error
or lost execution (every execution started is counted through ListExecutions), and always stops the
server.
"""
import json
import os
import socket
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


def main():
    binary = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    total = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
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
        subprocess.run(["cc", "-O2", "-pthread", "-o", client, source], check=True)
        run = subprocess.run([client, str(port), ARN + "stateMachine:Load", str(seconds), str(total),
                              str(CONNECTIONS)], stdout=subprocess.PIPE, text=True)
        pairs, errors, elapsed = run.stdout.split()
        pairs, errors, elapsed = int(pairs), int(errors), float(elapsed)
        start = time.time() - elapsed
        # Every execution started must be in the store and end SUCCEEDED (waiting up to 60 s).
        buf = bytearray()
        settle = time.time() + 60
        while True:
            counted, token, running = 0, None, 0
            while True:
                body = {"stateMachineArn": ARN + "stateMachine:Load", "maxResults": 1000}
                if token:
                    body["nextToken"] = token
                status, page = request(sock, buf, "ListExecutions", body)
                page = json.loads(page)
                counted += len(page["executions"])
                running += sum(1 for e in page["executions"] if e["status"] != "SUCCEEDED")
                token = page.get("nextToken")
                if not token:
                    break
            if running == 0 or time.time() > settle:
                break
            time.sleep(0.2)
        settled = time.time() - start
        print(f"serve load: {pairs} StartExecution + DescribeExecution pairs in {elapsed:.2f} s over "
              f"{CONNECTIONS} keep-alive connections: {pairs / elapsed:,.0f} pairs/s; "
              f"{errors} errors, {counted} executions listed, {running} not SUCCEEDED "
              f"(all ended {settled - elapsed:.2f} s after the last pair)")
        if errors or counted != pairs or running:
            sys.exit(1)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
