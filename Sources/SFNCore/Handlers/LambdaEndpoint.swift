import SFNJSON

/// Lambda's Invoke API at a local endpoint (`--lambda-endpoint URL`), as `sam local
/// start-lambda` and the Lambda runtime interface emulator serve it:
/// `POST URL/2015-03-31/functions/NAME/invocations` with the event as the body. The answer's
/// body is the function's result; with an `X-Amz-Function-Error` header it is the function's
/// error object, whose `errorType` names the error. A refusal by the service (404 for an unknown
/// function, ...) is `Lambda.<its x-amzn-ErrorType>`, and no answer at all is
/// `Lambda.SdkClientException`, the names Step Functions gives them.
struct LambdaEndpoint {
    var url: String

    func invoke(function: String, event: JSONValue) throws(StatesError) -> JSONValue {
        let ref = LambdaFunctionRef(function)
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        var target = "\(base)/2015-03-31/functions/\(HTTPTask.percent(ref?.name ?? function))/invocations"
        if let qualifier = ref?.qualifier { target += "?Qualifier=\(HTTPTask.percent(qualifier))" }
        let request = HTTPClient.Request(
            method: "POST", url: target,
            headers: [("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "RequestResponse")],
            body: Array(JSONPrinter.compact(event).utf8), timeoutSeconds: 900)
        let response: HTTPClient.Response
        do {
            response = try HTTPClient.perform(request)
        } catch {
            guard error.error.rawValue == "States.Http.Socket" else { throw error }
            throw StatesError(
                "Lambda.SdkClientException",
                "Unable to execute HTTP request to the Lambda endpoint \(url) (--lambda-endpoint): \(error.cause ?? "")"
            )
        }
        let text = String(decoding: response.body, as: UTF8.self)
        let header = { (name: String) in
            response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        guard (200..<300).contains(response.statusCode) else {
            let type = header("x-amzn-ErrorType").map { String($0.split(separator: ":").first ?? "") }
            let message = (try? JSONParser.parse(text)).flatMap {
                $0["message"]?.stringValue ?? $0["Message"]?.stringValue
            }
            throw StatesError(
                "Lambda.\(type.flatMap { $0.isEmpty ? nil : $0 } ?? "ServiceException")",
                message ?? "The Lambda endpoint \(url) answered \(response.statusCode) \(response.statusText): \(text)")
        }
        let value: JSONValue
        if text.isEmpty {
            value = .null
        } else {
            do { value = try JSONParser.parse(text) } catch {
                if header("X-Amz-Function-Error") == nil { return .string(text) }
                throw StatesError("Lambda.Unknown", text)
            }
        }
        if header("X-Amz-Function-Error") != nil {
            let type = value["errorType"]?.stringValue ?? "Lambda.Unknown"
            throw StatesError(type, JSONPrinter.compact(value))
        }
        return value
    }
}
