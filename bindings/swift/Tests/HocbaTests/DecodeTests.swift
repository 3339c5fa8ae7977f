import Hocba
import XCTest

final class DecodeTests: XCTestCase {
    func testJsonRecordBecomesAStruct() throws {
        let r = try yearRecordFromJson(json: Fixtures.sampleJson())
        XCTAssertEqual(r.grade, 3)
        XCTAssertEqual(r.schoolYear, "2024-2025")
        XCTAssertEqual(r.result, .good)
        XCTAssertEqual(r.result.code(), "htt")
        XCTAssertEqual(r.result.labelVi(), "Hoàn thành tốt")
        XCTAssertEqual(r.subjects[1].subject, .toan)
        XCTAssertEqual(r.subjects[1].score, 10)
        XCTAssertEqual(r.pupil.fullName, "Nguyễn Thị Minh Anh")
        XCTAssertEqual(r, try yearRecordFromJson(json: Fixtures.sampleJson()))
    }

    func testMalformedJsonIsATypedDecodeError() {
        XCTAssertThrowsError(try yearRecordFromJson(json: "{")) { error in
            guard case let HocbaError.Decode(code, _, messageVi, _, _) = error else {
                return XCTFail("expected HocbaError.Decode, got \(error)")
            }
            XCTAssertEqual(code, "json_syntax")
            XCTAssertTrue(messageVi.hasPrefix("JSON không hợp lệ"))
        }
        XCTAssertThrowsError(try yearRecordFromJson(json: "{}")) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "json_data")
        }
    }
}
