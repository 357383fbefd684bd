import os


class InvalidOrder(Exception):
    pass


def validate(event, context):
    order = event["order"]
    items = order.get("items", [])
    if not items:
        raise InvalidOrder("order %s has no items" % order["id"])
    for item in items:
        if item.get("quantity", 0) <= 0:
            raise InvalidOrder("item %s of order %s has quantity %s" % (item["sku"], order["id"], item.get("quantity")))
    print("validated %s in request %s, %d ms left" % (order["id"], context.aws_request_id, context.get_remaining_time_in_millis()))
    return {"items": len(items)}


def price(order, context):
    rate = float(os.environ.get("TAX_RATE", "0"))
    net = sum(item["price"] * item["quantity"] for item in order["items"])
    return {"net": net, "total": round(net * (1 + rate), 2), "currency": order.get("currency", "EUR")}
