import SFNJSON

extension IntrinsicCall {
    /// This call with every path argument, at any depth, replaced by what `transform` makes of
    /// it; nil when `transform` refuses one. The text stays the call as written.
    ///
    /// A Map whose ItemSelector only passes the item on (`"value.$": "$$.Map.Item.Value"`) lets
    /// its iterations read `$.value.a` as `$.a` of the item itself, without building the
    /// selected object (Executor+MapFusion).
    public func replacingPaths(_ transform: (JSONPath) -> JSONPath?) -> IntrinsicCall? {
        guard let node = Self.replacingPaths(in: node, transform) else { return nil }
        return IntrinsicCall(text: text, name: name, node: node)
    }

    private init(text: String, name: String, node: IntrinsicNode) {
        self.text = text
        self.name = name
        self.node = node
    }

    private static func replacingPaths(in node: IntrinsicNode, _ transform: (JSONPath) -> JSONPath?)
        -> IntrinsicNode?
    {
        var arguments: [IntrinsicArgument] = []
        arguments.reserveCapacity(node.arguments.count)
        for argument in node.arguments {
            switch argument {
            case .literal, .string: arguments.append(argument)
            case .path(let path):
                guard let replaced = transform(path) else { return nil }
                arguments.append(.path(replaced))
            case .call(let inner):
                guard let replaced = replacingPaths(in: inner, transform) else { return nil }
                arguments.append(.call(replaced))
            }
        }
        return IntrinsicNode(function: node.function, arguments: arguments)
    }
}
