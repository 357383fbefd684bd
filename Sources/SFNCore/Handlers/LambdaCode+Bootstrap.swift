import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small programs that call a handler as Lambda's runtimes do: the event from stdin, a
/// context object, the result as JSON on stdout (exit 0), or Lambda's error object on stdout
/// (exit 1). What the handler prints goes to stderr, as its logs. Arguments: handler, function
/// name, timeout in milliseconds, memory in MB, request id, region.
extension LambdaCode {
    static let pythonBootstrap = #"""
        import importlib, json, os, signal, sys, time, traceback

        def main():
            handler, function_name, timeout_ms, memory, request_id, region = sys.argv[1:7]
            deadline = time.time() * 1000 + int(timeout_ms)
            out = sys.stdout
            sys.stdout = sys.stderr
            sys.path.insert(0, os.getcwd())

            class LambdaContext:
                def get_remaining_time_in_millis(self):
                    return max(0, int(deadline - time.time() * 1000))

            ctx = LambdaContext()
            ctx.aws_request_id = request_id
            ctx.function_name = function_name
            ctx.function_version = "$LATEST"
            ctx.invoked_function_arn = "arn:aws:lambda:%s:123456789012:function:%s" % (region, function_name)
            ctx.memory_limit_in_mb = memory
            ctx.log_group_name = "/aws/lambda/" + function_name
            ctx.log_stream_name = time.strftime("%Y/%m/%d") + "/[$LATEST]" + request_id.replace("-", "")
            ctx.identity = None
            ctx.client_context = None

            def fail(error_type, message, trace):
                error = {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": trace}
                out.write(json.dumps(error))
                out.flush()
                return 1

            raw = sys.stdin.read()
            event = json.loads(raw) if raw.strip() else {}
            module_name, _, function = handler.rpartition(".")
            try:
                module = importlib.import_module(module_name.replace("/", "."))
            except Exception as e:
                return fail("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e), [])
            fn = getattr(module, function, None)
            if fn is None:
                return fail("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function, module_name), [])
            # The timeout counts from the call, as Lambda's does (loading the code is its init phase).
            def timed_out(signum, frame):
                seconds = int(timeout_ms) / 1000.0
                fail("Sandbox.Timedout", "RequestId: %s Error: Task timed out after %.2f seconds" % (request_id, seconds), [])
                os._exit(1)

            deadline = time.time() * 1000 + int(timeout_ms)
            signal.signal(signal.SIGALRM, timed_out)
            signal.setitimer(signal.ITIMER_REAL, int(timeout_ms) / 1000.0)
            try:
                result = fn(event, ctx)
            except Exception as e:
                frames = traceback.extract_tb(e.__traceback__)[1:]
                return fail(type(e).__name__, str(e), traceback.format_list(frames))
            signal.setitimer(signal.ITIMER_REAL, 0)
            try:
                text = json.dumps(result)
            except Exception as e:
                return fail("Runtime.MarshalError", "Unable to marshal response: %s" % e, [])
            out.write(text)
            out.flush()
            return 0

        sys.exit(main())
        """#

    static let nodeBootstrap = #"""
        const fs = require('fs');
        const path = require('path');
        const util = require('util');
        const { pathToFileURL } = require('url');
        const [handler, functionName, timeoutMs, memory, requestId, region] = process.argv.slice(2);
        let deadline = Date.now() + Number(timeoutMs);
        for (const level of ['log', 'info', 'debug', 'warn', 'error', 'trace']) {
          console[level] = (...args) => process.stderr.write(util.format(...args) + '\n');
        }
        function finish(text, code) { process.stdout.write(text, () => process.exit(code)); }
        function fail(type, message, trace) {
          finish(JSON.stringify({ errorType: type, errorMessage: message, trace: trace }), 1);
        }
        async function main() {
          let raw = '';
          for await (const chunk of process.stdin) raw += chunk;
          const event = raw.trim() ? JSON.parse(raw) : {};
          const dot = handler.lastIndexOf('.');
          const modulePath = handler.slice(0, dot);
          const name = handler.slice(dot + 1);
          const file = ['.js', '.mjs', '.cjs'].map((ext) => path.resolve(modulePath + ext)).find((f) => fs.existsSync(f));
          if (!file) return fail('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`, []);
          let mod;
          try {
            mod = await import(pathToFileURL(file).href);
          } catch (e) {
            return fail('Runtime.ImportModuleError', String(e), String((e && e.stack) || '').split('\n'));
          }
          const fn = mod[name] || (mod.default && mod.default[name]);
          if (typeof fn !== 'function') {
            return fail('Runtime.HandlerNotFound', `${modulePath}.${name} is undefined or not exported`, []);
          }
          const context = {
            awsRequestId: requestId,
            functionName: functionName,
            functionVersion: '$LATEST',
            invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
            memoryLimitInMB: memory,
            logGroupName: `/aws/lambda/${functionName}`,
            logStreamName: `[$LATEST]${requestId.replace(/-/g, '')}`,
            callbackWaitsForEmptyEventLoop: true,
            getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
          };
          // The timeout counts from the call, as Lambda's does (loading the code is its init phase).
          deadline = Date.now() + Number(timeoutMs);
          const seconds = (Number(timeoutMs) / 1000).toFixed(2);
          setTimeout(() => fail('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`, []),
            Number(timeoutMs)).unref();
          let result;
          try {
            result = await new Promise((resolve, reject) => {
              const r = fn(event, context, (err, value) => (err ? reject(err) : resolve(value)));
              if (r && typeof r.then === 'function') r.then(resolve, reject);
              else if (fn.length < 3) resolve(r);
            });
          } catch (e) {
            const err = e instanceof Error ? e : new Error(String(e));
            return fail(err.name || 'Error', err.message, String(err.stack || '').split('\n'));
          }
          finish(JSON.stringify(result === undefined ? null : result), 0);
        }
        main();
        """#

    /// The bootstrap's file, written once into the temporary folder (a temporary name, then a
    /// rename, so a concurrent sfn never runs half a file); the name carries the content's
    /// digest, so that a changed bootstrap gets a file of its own.
    static func bootstrapFile(_ kind: Kind) throws(StatesError) -> String {
        let text = kind == .python ? pythonBootstrap : nodeBootstrap
        let ext = kind == .python ? "py" : "cjs"
        let dir = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let digest = Digest.hex(Digest.sha256(Array(text.utf8))).prefix(16)
        let path = "\(dir)/sfn-lambda-bootstrap-\(digest).\(ext)"
        if access(path, R_OK) == 0 { return path }
        let temporary = "\(path).\(getpid()).tmp"
        guard let f = fopen(temporary, "wb") else {
            throw StatesError(
                "States.Runtime", "Cannot write the Lambda bootstrap \(temporary): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, f)
        fclose(f)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StatesError("States.Runtime", "Cannot write the Lambda bootstrap \(path).")
        }
        return path
    }
}
