#!/bin/sh
# A stand-in for the approver's e-mail: reads the SNS publish parameters on stdin and answers the
# task token the way a person clicking "approve" or "reject" would, through the same store.
message=$(cat)
amount=$(printf '%s' "$message" | sed -n 's/.*"amount":\([0-9.]*\).*/\1/p')
sfn=${SFN:-sfn}
if [ "${amount%.*}" -le 500 ]; then
    "$sfn" task-success "$SFN_TASK_TOKEN" --output '{"approver": "manager@example.com"}'
else
    "$sfn" task-failure "$SFN_TASK_TOKEN" --error Expense.Rejected --cause "Expenses over 500 need a receipt"
fi
