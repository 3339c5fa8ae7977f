import Foundation
import Hocba
import XCTest

final class PdfTests: XCTestCase {
    func vec(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent(rel))
    }

    let at = Date(timeIntervalSince1970: 1_781_481_600) // 2026-06-15T00:00:00Z

    func testASignedRecordRendersToAPdfThatVerifiesOnItsOwn() throws {
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
        let pdf = try t.renderSignedYearPdf(signedRecord: vec("verify/valid_ed25519.cose"), verificationTime: at)
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        let r = try t.verifyPdf(pdf: pdf, verificationTime: at)
        XCTAssertTrue(r.valid)
        XCTAssertTrue(r.pagesMatch)
        XCTAssertEqual(r.years.first?.report.status, .valid)
        XCTAssertThrowsError(try t.verifyPdf(pdf: Data("%PDF-1.7 not really".utf8), verificationTime: at)) { error in
            XCTAssertNotEqual((error as? HocbaError)?.code ?? "untyped", "internal_panic")
        }
    }

    func testAnUnsignedRecordRendersWithNoSignatureClaimed() throws {
        let pdf = try renderYearPdf(document: vec("validate/year_clean_grade_1.json"))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
        XCTAssertThrowsError(try t.verifyPdf(pdf: pdf, verificationTime: at))
    }

    func testASignedTranscriptContainerRendersAfterItsIdentityPage() throws {
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
        let container = try vec("verify/correction_chain.cbor")
        let pdf = try t.renderSignedTranscriptPdf(signedTranscript: container,
                                                  transcript: vec("verify/correction_chain.context.json"),
                                                  verificationTime: at)
        let r = try t.verifyPdf(pdf: pdf, verificationTime: at)
        XCTAssertTrue(r.valid)
        XCTAssertTrue(r.transcript)
        XCTAssertThrowsError(try t.renderSignedTranscriptPdf(signedTranscript: container,
                                                             transcript: vec("canonical/transcript_two_schools.json"),
                                                             verificationTime: at)) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "pupil_mismatch")
        }
    }
}
