import SFNJSON
import SFNYAML
import Testing

private func yaml(_ text: String) throws -> JSONValue { try YAMLReader.parse(text) }
private func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

@Suite struct YAMLReaderTests {
    @Test func blockMappingsAndSequences() throws {
        let v = try yaml(
            """
            # a comment
            name: order   # trailing comment
            steps:
              - one
              - two: 2
                three: 3.5
            nested:
              deeper:
                flag: true
                nothing:
            compact:
            - a
            - b
            """)
        #expect(
            v
                == (try json(
                    """
                    {"name":"order","steps":["one",{"two":2,"three":3.5}],
                     "nested":{"deeper":{"flag":true,"nothing":null}},"compact":["a","b"]}
                    """)))
    }

    @Test func flowCollections() throws {
        let v = try yaml("a: [1, two, {k: v, 'q': \"x y\"}, [ ]]\nb: {c: [d,\n  e], f: }\n")
        #expect(v == (try json(#"{"a":[1,"two",{"k":"v","q":"x y"},[]],"b":{"c":["d","e"],"f":null}}"#)))
    }

    /// Found by the definition fuzzer: nested collections as keys were spelled out as JSON, doubling
    /// their escapes at every level, so 40 levels never finished.
    @Test(arguments: [
        "{{a: 1}: 2}", "[[a]: 1]", String(repeating: "{", count: 40) + "a" + String(repeating: "}", count: 40),
        (0..<40).reduce("a") { s, _ in "[[\(s)]: 1]" },
    ])
    func collectionsAsKeysAreRefused(text: String) throws {
        let error = #expect(throws: YAMLError.self) { try YAMLReader.parse(text) }
        #expect(error?.message == "a flow collection cannot be a mapping key: JSON object keys are strings")
        #expect(try yaml("{1: a, true: b, 'c': d}") == (try json(#"{"1":"a","true":"b","c":"d"}"#)))
    }

    @Test func scalarStyles() throws {
        let v = try yaml(
            """
            plain: a plain
              scalar over lines
            single: 'it''s'
            double: "tab\\there \\u00e9 \\"q\\""
            folded: >
              one
              two

              three
            literal: |
              line 1
                indented
              line 3
            strip: |-
              x
            keep: |+
              y

            after: done
            """)
        #expect(v["plain"] == "a plain scalar over lines")
        #expect(v["single"] == "it's")
        #expect(v["double"] == "tab\there é \"q\"")
        #expect(v["folded"] == "one two\nthree\n")
        #expect(v["literal"] == "line 1\n  indented\nline 3\n")
        #expect(v["strip"] == "x")
        #expect(v["keep"] == "y\n\n")
        #expect(v["after"] == "done")
    }

    @Test func coreSchemaResolution() throws {
        let v = try yaml("a: 12\nb: -3\nc: 1.5e3\nd: 0x1F\ne: ~\nf: False\ng: '12'\nh: 12abc\ni: !!str 7\nj: 0o17\n")
        #expect(
            v
                == (try json(
                    #"{"a":12,"b":-3,"c":1500.0,"d":31,"e":null,"f":false,"g":"12","h":"12abc","i":"7","j":15}"#)))
    }

    @Test func anchorsAliasesAndMerge() throws {
        let v = try yaml(
            """
            base: &base
              retries: 3
              timeout: 10
            copy: *base
            derived:
              <<: *base
              timeout: 20
            list: [&x 1, *x]
            """)
        #expect(v["copy"] == v["base"])
        #expect(v["derived"] == (try json(#"{"timeout":20,"retries":3}"#)))
        #expect(v["list"] == [1, 1])
    }

    @Test func cloudFormationShortTags() throws {
        let v = try yaml(
            """
            a: !Ref MyTable
            b: !GetAtt MyFunction.Arn
            c: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}'
            d: !Join [':', [a, !Ref B]]
            e: !Sub
              - '${X}-y'
              - X: !Ref Z
            f: !GetAZs ''
            """)
        #expect(v["a"] == ["Ref": "MyTable"])
        #expect(v["b"] == ["Fn::GetAtt": ["MyFunction", "Arn"]])
        #expect(v["c"] == ["Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}"])
        #expect(v["d"] == ["Fn::Join": [":", ["a", ["Ref": "B"]]]])
        #expect(v["e"] == ["Fn::Sub": ["${X}-y", ["X": ["Ref": "Z"]]]])
        #expect(v["f"] == ["Fn::GetAZs": ""])
    }

    @Test func documentMarkersAndJSONInput() throws {
        #expect(try yaml("---\na: 1\n...\n") == ["a": 1])
        #expect(try yaml("%YAML 1.2\n--- \n- x\n---\n- y\n") == ["x"])
        #expect(try yaml(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)["StartAt"] == "A")
        #expect(try yaml("") == .null)
        #expect(try yaml("a:\r\n  - 1\r\n") == ["a": [1]])
    }

    @Test func locationsPointIntoTheYAML() throws {
        let (_, locations) = try YAMLReader.parseWithLocations(
            """
            Resources:
              Machine:
                Definition:
                  States:
                    - first
                    - {x: 1}
            """)
        #expect(locations.location(of: "/Resources/Machine")?.description == "2:3")
        #expect(locations.location(of: "/Resources/Machine/Definition/States/1")?.description == "6:9")
        #expect(locations.location(of: "/Resources/Machine/Definition/States/1/x")?.description == "6:12")
    }

    @Test(arguments: [
        ("a: 1\n b: 2\n", "2:3"),
        ("a: [1, 2\n", "1:4"),
        ("a: 'open\n", "1:4"),
        ("a: *nothing\n", "1:4"),
        ("a: 1\na: 2\n", "2:1"),
        ("a:\n\t- 1\n", "2:2"),
        ("a: \"\\q\"\n", "1:5"),
        ("- a\nb: 1\n", "2:1"),
        ("a: b: c\n", "1:5"),
    ])
    func errorsSayWhere(text: String, at: String) throws {
        do {
            _ = try YAMLReader.parse(text)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            #expect("\(error.line):\(error.column)" == at, "\(error.message)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 5000)
        #expect(throws: YAMLError.self) { try YAMLReader.parse(text) }
    }
}
