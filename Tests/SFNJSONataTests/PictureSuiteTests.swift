import Testing
@testable import SFNJSONata

/// The reference-suite cases of the picture groups that call one picture function with literal
/// arguments, run directly against `Pictures`.
@Suite struct PictureSuiteTests {
    static let groups = ["function-formatInteger", "function-parseInteger", "function-formatNumber",
                         "function-fromMillis", "function-tomillis"]

    @Test(.enabled(if: PictureSuite.groupsDirectory != nil,
                   "skipped: no shared/jsonata-suite directory above the package"),
          arguments: groups)
    func suiteGroup(_ group: String) throws {
        let cases = PictureSuite.cases(in: group)
        #expect(!cases.isEmpty, "no cases loaded for \(group)")
        var ran = 0
        var passed = 0
        for c in cases {
            guard let outcome = PictureSuite.run(c.expr) else { continue }
            ran += 1
            let expected = PictureSuite.expected(c)
            if outcome == expected { passed += 1 }
            #expect(outcome == expected, "\(c.file): \(c.expr)")
        }
        print("PICTURES \(group): \(passed)/\(ran) picked cases pass (\(cases.count) cases in group)")
        #expect(ran > 0)
    }
}
