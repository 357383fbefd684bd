# Stands in for the PriceOrder Lambda function: the event (lambda:invoke's Payload) on stdin, the
# function's result on stdout.
import json
import sys

event = json.load(sys.stdin)
total = sum(line["quantity"] * line["price"] for line in event["lines"])
print(json.dumps({"total": round(total, 2), "currency": "EUR"}))
