/// A Task state's resource that nothing serves: no registered handler, no mocked response, no
/// resources-map entry and no `shell:` prefix. The execution fails with States.Runtime; the
/// cause is whatever `TaskDispatcher.describeUnmapped` makes of this value, so that a host (the
/// CLI names its own options) can say how to serve it.
public struct UnmappedResource: Sendable, Hashable {
    /// The state's Resource string.
    public var resource: String
    /// The FunctionName a `lambda:invoke` resource calls; nil for other resources.
    public var function: String?
    public var stateName: String

    public init(resource: String, function: String? = nil, stateName: String) {
        self.resource = resource
        self.function = function
        self.stateName = stateName
    }

    /// What a resources map or a handler registration must name to serve it: the function for
    /// `lambda:invoke`, else the resource.
    public var key: String { function ?? resource }

    /// "No handler for the resource 'X' of state 'S'." (the Lambda function and the resource
    /// calling it, for `lambda:invoke`).
    public var summary: String {
        let what = function.map { "Lambda function '\($0)' (called through \(resource))" } ?? "resource '\(resource)'"
        return "No handler for the \(what) of state '\(stateName)'."
    }

    /// The cause a library host gets unless it describes the resource itself.
    public static let libraryCause: @Sendable (UnmappedResource) -> String = { unmapped in
        unmapped.summary + " Register a handler for '\(unmapped.key)', mock the state or map it in the resources map."
    }
}
