// Placeholder entry point until the CLI lands; replaced by the command dispatcher.
print("sfn")
