import SFNJSON
import SFNJSONPath
import SFNJSONata

public struct ChoiceState: Sendable {
    public let choices: [ChoiceRule]
    /// Index of the `Default` state in the Choice state's graph.
    public let defaultIndex: Int?
}

/// One entry of `Choices`: a condition and where it leads.
public struct ChoiceRule: Sendable {
    public let condition: ChoiceCondition
    /// Index of the `Next` state in the Choice state's graph.
    public let next: Int
    public let assign: Template?
    public let output: Template?
}

public indirect enum ChoiceCondition: Sendable {
    case and([ChoiceCondition])
    case or([ChoiceCondition])
    case not(ChoiceCondition)
    case compare(variable: JSONPath, test: ChoiceTest)
    /// JSONata `Condition`.
    case jsonata(JSONataExpression)
    /// A `Condition` given as a literal boolean.
    case constant(Bool)
}

/// A comparison operator applied to the `Variable` value.
public enum ChoiceTest: Sendable {
    public enum Relation: Sendable { case equals, lessThan, greaterThan, lessThanEquals, greaterThanEquals }
    public enum Operand: Sendable {
        case literal(JSONValue)
        case path(JSONPath)
    }

    case string(Relation, Operand)
    case numeric(Relation, Operand)
    case boolean(Operand)
    case timestamp(Relation, Operand)
    case stringMatches(StringPattern)
    case isNull(Bool)
    case isPresent(Bool)
    case isNumeric(Bool)
    case isString(Bool)
    case isBoolean(Bool)
    case isTimestamp(Bool)
}
