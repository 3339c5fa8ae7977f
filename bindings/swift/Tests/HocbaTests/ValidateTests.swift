import Foundation
import Hocba
import XCTest

final class ValidateTests: XCTestCase {
    func vec(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent(rel))
    }

    func testACleanRecordIsOkWithItsDerivedResultInJsonAndCbor() throws {
        let json = try vec("validate/year_clean_grade_1.json")
        for bytes in [json, try toCanonicalCbor(bytes: json)] {
            let r = try validate(document: bytes)
            XCTAssertTrue(r.ok)
            XCTAssertEqual(r.violations, [])
            XCTAssertEqual(r.derived.first??.result, .excellent)
        }
    }

    func testThePolicyDecidesTheSeverityOfUnconfirmedRules() throws {
        let bytes = try vec("validate/year_score_zero_warning.json")
        let lenient = try validate(document: bytes, policy: defaultPolicy())
        XCTAssertTrue(lenient.ok)
        XCTAssertEqual(lenient.violations.first { $0.code == "score_zero" }?.severity, .warning)
        var strictPolicy = defaultPolicy()
        strictPolicy.zeroScore = .error
        let strict = try validate(document: bytes, policy: strictPolicy)
        XCTAssertFalse(strict.ok)
        XCTAssertEqual(strict.violations.first { $0.code == "score_zero" }?.severity, .error)
    }

    func testGarbageIsATypedDecodeError() {
        var rng = SplitMix64(state: 27)
        for _ in 0 ..< 300 {
            let bytes = Data((0 ..< Int.random(in: 0 ..< 200, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) })
            XCTAssertThrowsError(try validate(document: bytes)) { error in
                XCTAssertNotEqual((error as? HocbaError)?.code ?? "untyped", "internal_panic")
                XCTAssertNotNil(error as? HocbaError)
            }
        }
    }
}
