#!/bin/sh
# Stands in for the ValidateOrder Lambda function: passes the order on, or fails the way Lambda
# reports an error (an object with errorType on stdout, a non-zero exit).
order=$(cat)
case "$order" in
*'"orderId"'*) printf '%s\n' "$order" ;;
*)
    echo '{"errorType": "InvalidOrder", "errorMessage": "the order has no orderId"}'
    exit 1
    ;;
esac
