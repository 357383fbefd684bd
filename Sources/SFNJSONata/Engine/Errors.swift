import SFNJSON

/// Message templates keyed by code, worded as jsonata-js words them. `{{x}}` is replaced by the
/// JSON text of field x, `{{{x}}}` by its raw text.
enum ErrorTemplates {
    static let table: [String: String] = [
        "S0101": "String literal must be terminated by a matching quote",
        "S0102": "Number out of range: {{token}}",
        "S0103": "Unsupported escape sequence: \\{{token}}",
        "S0104": "The escape sequence \\u must be followed by 4 hex digits",
        "S0105": "Quoted property name must be terminated with a backquote (`)",
        "S0106": "Comment has no closing tag",
        "S0201": "Syntax error: {{token}}",
        "S0202": "Expected {{value}}, got {{token}}",
        "S0203": "Expected {{value}} before end of expression",
        "S0204": "Unknown operator: {{token}}",
        "S0205": "Unexpected token: {{token}}",
        "S0206": "Unknown expression type: {{token}}",
        "S0207": "Unexpected end of expression",
        "S0208": "Parameter {{value}} of function definition must be a variable name (start with $)",
        "S0209": "A predicate cannot follow a grouping expression in a step",
        "S0210": "Each step can only have one grouping expression",
        "S0211": "The symbol {{token}} cannot be used as a unary operator",
        "S0212": "The left side of := must be a variable name (start with $)",
        "S0213": "The literal value {{value}} cannot be used as a step within a path expression",
        "S0214": "The right side of {{token}} must be a variable name (start with $)",
        "S0215": "A context variable binding must precede any predicates on a step",
        "S0216": "A context variable binding must precede the 'order-by' clause on a step",
        "S0217": "The object representing the 'parent' cannot be derived from this expression",
        "S0301": "Empty regular expressions are not allowed",
        "S0302": "No terminating / in regular expression",
        "S0402": "Choice groups containing parameterized types are not supported",
        "S0401": "Type parameters can only be applied to functions and arrays",
        "S0500": "Attempted to evaluate an expression containing syntax error(s)",
        "T0410": "Argument {{index}} of function {{token}} does not match function signature",
        "T0411": "Context value is not a compatible type with argument {{index}} of function {{token}}",
        "T0412": "Argument {{index}} of function {{token}} must be an array of {{type}}",
        "D1001": "Number out of range: {{value}}",
        "D1002": "Cannot negate a non-numeric value: {{value}}",
        "T1003": "Key in object structure must evaluate to a string; got: {{value}}",
        "D1004": "Regular expression matches zero length string",
        "T1005": "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
        "T1006": "Attempted to invoke a non-function",
        "T1007": "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
        "T1008": "Attempted to partially apply a non-function",
        "D1009": "Multiple key definitions evaluate to same key: {{value}}",
        "D1010": "Attempted to access the Javascript object prototype",
        "T1010":
            "The matcher function argument passed to function {{token}} does not return the correct object structure",
        "T2001": "The left side of the {{token}} operator must evaluate to a number",
        "T2002": "The right side of the {{token}} operator must evaluate to a number",
        "T2003": "The left side of the range operator (..) must evaluate to an integer",
        "T2004": "The right side of the range operator (..) must evaluate to an integer",
        "T2006": "The right side of the function application operator ~> must be a function",
        "T2007": "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
        "T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
        "T2009": "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
        "T2010": "The expressions either side of operator {{token}} must evaluate to numeric or string values",
        "T2011": "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
        "T2012":
            "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
        "T2013":
            "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
        "D2014":
            "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {{value}}.",
        "D3001": "Attempting to invoke string function on Infinity or NaN",
        "D3010": "Second argument of replace function cannot be an empty string",
        "D3011": "Fourth argument of replace function must evaluate to a positive number",
        "D3012": "Attempted to replace a matched string with a non-string value",
        "D3020": "Third argument of split function must evaluate to a positive number",
        "D3030": "Unable to cast value to a number: {{value}}",
        "D3040": "Third argument of match function must evaluate to a positive number",
        "D3050": "The second argument of reduce function must be a function with at least two arguments",
        "D3060": "The sqrt function cannot be applied to a negative number: {{value}}",
        "D3061":
            "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}",
        "D3070":
            "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
        "D3080": "The picture string must only contain a maximum of two sub-pictures",
        "D3100": "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}",
        "D3110": "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}",
        "D3120": "Syntax error in expression passed to function eval: {{value}}",
        "D3121": "Dynamic error evaluating the expression passed to function eval: {{value}}",
        "D3137": "{{{message}}}",
        "D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
        "D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
        "D3140": "Malformed URL passed to ${{{functionName}}}(): {{value}}",
        "D3141": "{{{message}}}",
        "U1001":
            "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.",
    ]
}

/// The fields an error template may refer to, already in text form.
struct ErrorFields: Sendable, Equatable {
    var value: String = "undefined"
    var value2: String = "undefined"
    var index: String = "undefined"
    var type: String?
    var message: String?
    var exp: String = "undefined"
    var functionName: String?
}

extension JSONataError {
    /// Builds an error from its code and fields with the jsonata-js message.
    static func make(
        _ code: String, position: Int? = nil, token: String? = nil, value: Val = .undefined,
        value2: Val = .undefined, index: Int? = nil, type: String? = nil,
        message: String? = nil, exp: Val = .undefined, functionName: String? = nil
    ) -> JSONataError {
        var f = ErrorFields()
        f.value = Stringify.json(value, forString: false) ?? "undefined"
        f.value2 = Stringify.json(value2, forString: false) ?? "undefined"
        if let index { f.index = String(index) }
        f.type = type
        f.message = message
        f.exp = Stringify.json(exp, forString: false) ?? "undefined"
        f.functionName = functionName
        var e = JSONataError(code: code, message: "", position: position, token: token)
        e.fields = f
        e.message = e.renderMessage()
        return e
    }

    /// Fills in the token and position when not yet known, re-rendering the message.
    mutating func attribute(position: Int?, token: String?) {
        if self.position == nil { self.position = position }
        if self.token == nil, let token {
            self.token = token
            message = renderMessage()
        }
    }

    func renderMessage() -> String {
        // An error built with its own message (a timeout rather than U1001's stack overflow) keeps it.
        if fields == nil && !message.isEmpty { return message }
        guard let template = ErrorTemplates.table[code] else { return fields?.message ?? message }
        let f = fields ?? ErrorFields()
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let triple = rest[open.upperBound...].hasPrefix("{")
            let nameStart = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[nameStart...].range(of: triple ? "}}}" : "}}") else { break }
            let name = String(rest[nameStart..<close.lowerBound])
            func quoted(_ s: String?) -> String {
                guard let s else { return "undefined" }
                if triple { return s }
                return Stringify.json(.string(s), forString: false) ?? "undefined"
            }
            switch name {
            case "token": out += quoted(token)
            case "value": out += f.value
            case "value2": out += f.value2
            case "index": out += f.index
            case "type": out += quoted(f.type)
            case "message": out += quoted(f.message)
            case "exp": out += f.exp
            case "functionName": out += quoted(f.functionName)
            default: out += "undefined"
            }
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }
}
