import SFNJSON
import Testing

@testable import SFNJSONata

/// Core language semantics: paths, sequences, operators, constructors.
@Suite struct EngineSemanticsTests {
    static let doc =
        #"{"a":{"b":[{"c":1},{"c":2}],"d":"x"},"n":[1,2,3],"o":[{"k":"p","v":1},{"k":"q","v":2},{"k":"p","v":3}]}"#

    static let paths: [Row] = [
        Row("a.d", doc, #""x""#),
        Row("a.b.c", doc, "[1,2]"),
        Row("a.b[0].c", doc, "1"),
        Row("a.b[-1].c", doc, "2"),
        Row("a.b[c>1]", doc, #"{"c":2}"#),
        Row("a.b[c>1][]", doc, #"[{"c":2}]"#),
        Row("a.missing", doc, "undefined"),
        Row("a.b.c[]", doc, "[1,2]"),
        Row("n[[0,2]]", doc, "[1,3]"),
        Row("$.n", doc, "[1,2,3]"),
        Row("*.d", doc, #""x""#),
        Row("**.c", doc, "[1,2]"),
        Row("a.b.(c * 10)", doc, "[10,20]"),
        Row("o{k: $sum(v)}", doc, #"{"p":4,"q":2}"#),
        Row("o^(>v).v", doc, "[3,2,1]"),
        Row("o#$i[$i>0].v", doc, "[2,3]"),
        Row("o@$x.$x.v", doc, "[1,2,3]"),
        Row("o@$x.n.($x.v * $)", doc, "[1,2,3,2,4,6,3,6,9]"),
        Row("a.b.%.d", doc, #"["x","x"]"#),
        Row("$[0]", "[5,6]", "5"),
        Row("$", nil, "undefined"),
        Row("$$.n[1]", doc, "2"),
    ]

    @Test(arguments: paths) func path(_ row: Row) {
        #expect(outcome(row.expr, row.input) == row.expected)
    }

    static let operators: [Row] = [
        Row("1 + 2 * 3", nil, "7"),
        Row("7 % 4", nil, "3"),
        Row("-(2)", nil, "-2"),
        Row("0.1 + 0.2", nil, "0.30000000000000004"),
        Row("'a' & 1 & true & null", nil, #""a1truenull""#),
        Row("1 = 1.0", nil, "true"),
        Row("[1,2] = [1,2]", nil, "true"),
        Row("'a' < 'b'", nil, "true"),
        Row("1 < 'b'", nil, "error T2009"),
        Row("{} < 1", nil, "error T2010"),
        Row("'x' + 1", nil, "error T2001"),
        Row("1 + 'x'", nil, "error T2002"),
        Row("nothing + 1", nil, "undefined"),
        Row("2 in [1,2]", nil, "true"),
        Row("[1..4]", nil, "[1,2,3,4]"),
        Row("[1.5..2]", nil, "error T2003"),
        Row("true and ''", nil, "false"),
        Row("nothing or 1", nil, "true"),
        Row("1 > 2 ? 'y' : 'n'", nil, #""n""#),
        Row("($x := 3; $x * $x)", nil, "9"),
        Row("{'a': 1, 'b': [1,2]}", nil, #"{"a":1,"b":[1,2]}"#),
        Row("o{'x': 1}{'y': 2}", nil, "error S0210"),
        Row("[[1,2],[3]]", nil, "[[1,2],[3]]"),
        Row("[1, [2], nothing]", nil, "[1,[2]]"),
        Row("/* c */ 42", nil, "42"),
        Row("[1/0, 2]", nil, "[null,2]"),
        Row("$keys({'b': 1, '10': 2, '2': 3, '02': 4})", nil, #"["2","10","b","02"]"#),
        Row("$string({'b': 1, '1': 2})", nil, #""{\"1\":2,\"b\":1}""#),
        Row("$keys($)", #"{"x":1,"7":2}"#, #"["7","x"]"#),
    ]

    @Test(arguments: operators) func operatorsAndConstructors(_ row: Row) {
        #expect(outcome(row.expr, row.input) == row.expected)
    }

    static let functions: [Row] = [
        Row("function($x){$x*2}(4)", nil, "8"),
        Row("($f := function($a, $b){$a+$b}; $g := $f(?, 10); $g(5))", nil, "15"),
        Row("[1,2,3] ~> $map(function($v){$v+1})", nil, "[2,3,4]"),
        Row("{'a': 1}{'b': 2}", nil, #"{"b":2}"#),
        Row("($inc := function($x){$x+1}; $dbl := function($x){$x*2}; ($inc ~> $dbl)(3))", nil, "8"),
        Row("λ($s)<s:s>{$s}(1)", nil, "error T0410"),
        Row("$sort([3,1,2])", nil, "[1,2,3]"),
        Row("$sort([{'a':2},{'a':1}], function($x,$y){$x.a > $y.a}).a", nil, "[1,2]"),
        Row("$reduce([1,2,3,4], function($acc,$v){$acc+$v})", nil, "10"),
        Row("$filter([1,2,3,4], function($v,$i){$i % 2 = 0})", nil, "[1,3]"),
        Row("$string(1e21)", nil, #""1e+21""#),
        Row("$string(1/3)", nil, #""0.333333333333333""#),
        Row("$string(1e-7)", nil, #""1e-7""#),
        Row("$string({'a':[1,true,null]})", nil, #""{\"a\":[1,true,null]}""#),
        Row("$length('a𝄞b')", nil, "3"),
        Row("$substring('a𝄞bc', 1, 2)", nil, #""𝄞b""#),
        Row("$pad('x', -3, '0')", nil, #""00x""#),
        Row("$replace('hello', /l+/, '[$0]')", nil, #""he[ll]o""#),
        Row("$match('a1b22', /[0-9]+/).match", nil, #"["1","22"]"#),
        Row("$split('a,b,,c', ',')", nil, #"["a","b","","c"]"#),
        Row("$contains('abc', /B/i)", nil, "true"),
        Row("$round(2.5)", nil, "2"),
        Row("$round(3.14159, 2)", nil, "3.14"),
        Row("$number('0x1F')", nil, "31"),
        Row("$number('abc')", nil, "error D3030"),
        Row("$keys({'a':1,'b':2})", nil, #"["a","b"]"#),
        Row("$merge([{'a':1},{'b':2}])", nil, #"{"a":1,"b":2}"#),
        Row("$distinct([1,2,1,'a','a'])", nil, #"[1,2,"a"]"#),
        Row("$zip([1,2],[3,4,5])", nil, "[[1,3],[2,4]]"),
        Row("$type(function(){1})", nil, #""function""#),
        Row("$fromMillis(0)", nil, #""1970-01-01T00:00:00.000Z""#),
        Row("$toMillis('2017-10-30T15:28:34Z')", nil, "1509377314000"),
        Row("$formatNumber(1234.5, '#,##0.00')", nil, #""1,234.50""#),
        Row("$eval('1 + 2')", nil, "3"),
        Row("$error('boom')", nil, "error D3137"),
        Row("$single([1,2], function($v){$v>1})", nil, "2"),
        Row("| a | {'x': 1}, 'b' |", nil, "function"),
        Row(#"$ ~> |a|{"x":1},"b"|"#, #"{"a":{"b":2,"c":3}}"#, #"{"a":{"c":3,"x":1}}"#),
    ]

    @Test(arguments: functions) func functionLibrary(_ row: Row) {
        #expect(outcome(row.expr, row.input) == row.expected)
    }
}
