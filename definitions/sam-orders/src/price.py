"""Stands in for the PriceFunction Lambda: sums the order's lines."""
import json
import sys

order = json.load(sys.stdin)
lines = order.get("lines", [])
if not lines:
    print(json.dumps({"errorType": "Order.Empty", "errorMessage": "the order has no lines"}))
    sys.exit(1)
total = sum(line["price"] * line["qty"] for line in lines)
print(json.dumps({"total": total, "count": len(lines)}))
