import SFNJSON
import SFNJSONPath
import SFNJSONata

struct ChoiceState: Sendable {
    var choices: [ChoiceRule]
    var defaultIndex: Int?
}

/// One entry of `Choices`: a condition and where it leads.
struct ChoiceRule: Sendable {
    var condition: ChoiceCondition
    var next: Int
    var assign: Template?
    var output: Template?
}

indirect enum ChoiceCondition: Sendable {
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
enum ChoiceTest: Sendable {
    enum Relation: Sendable { case equals, lessThan, greaterThan, lessThanEquals, greaterThanEquals }
    enum Operand: Sendable {
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
