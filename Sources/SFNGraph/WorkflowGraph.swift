import SFNCore
import SFNJSON

/// The picture formats of `sfn graph`.
public enum GraphFormat: String, Sendable, CaseIterable {
    case svg, html, dot, mermaid
}

/// The picture of a state machine, and of one execution over it.
///
/// ```swift
/// let machine = try StateMachine.load(text).machine
/// let svg = WorkflowGraph(machine.definition).render(.svg)
/// ```
public struct WorkflowGraph: Sendable {
    public let definition: MachineDefinition
    /// The definition as JSON (for the html page's side panel, which shows each state's own JSON).
    public let source: JSONValue?
    /// The execution drawn over the definition, if any.
    public var overlay: ExecutionOverlay?
    /// A title for the picture (the file name, say).
    public var title: String?

    public init(
        _ definition: MachineDefinition, source: JSONValue? = nil, overlay: ExecutionOverlay? = nil,
        title: String? = nil
    ) {
        self.definition = definition
        self.source = source
        self.overlay = overlay
        self.title = title
    }

    public func render(_ format: GraphFormat) -> String {
        switch format {
        case .svg: return svg()
        case .html: return HTMLRenderer(graph: self).render()
        case .dot: return DOTRenderer(definition: definition, overlay: overlay).render()
        case .mermaid: return MermaidRenderer(definition: definition, overlay: overlay).render()
        }
    }

    public func svg() -> String { svgRenderer().render() }

    func svgRenderer() -> SVGRenderer {
        SVGRenderer(diagram: DiagramBuilder(overlay: overlay).build(definition), overlay: overlay, title: title)
    }
}
