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

    /// An app shipping only the government root checks a private school's PDF: the record is the
    /// first reason (`record_invalid`, each signer `unknown_issuer`), not a forged page (ADR 0280).
    func testAPdfWhoseRecordTheAppDoesNotTrustIsRecordInvalidFirst() throws {
        let pdf = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
            .renderSignedYearPdf(signedRecord: vec("signed_xml/valid_rs256.xml"), verificationTime: at)
        let app = try TrustStore(trustAnchors: [vec("pki/certs/gov-root.pem")], crls: [])
        let r = try app.verifyPdf(pdf: pdf, verificationTime: at)
        XCTAssertFalse(r.valid)
        XCTAssertEqual(r.error, "record_invalid")
        let year = try XCTUnwrap(r.years.first).report
        XCTAssertEqual(year.status, .invalid)
        XCTAssertEqual(year.signers.map { $0.error }, ["unknown_issuer", "unknown_issuer", "unknown_issuer"])
        XCTAssertTrue(year.signers.allSatisfy { !($0.messageVi ?? "").isEmpty })
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

    func testASignedNationalXmlRendersAloneOrAsAPupilsYears() throws {
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
        let xml = try vec("signed_xml/valid_rs256.xml")
        // One signed XML through the same calls as a COSE record (the core routes it).
        XCTAssertEqual(try t.verify(signedRecord: xml, verificationTime: at).status, .valid)
        let one = try t.verifyPdf(pdf: t.renderSignedYearPdf(signedRecord: xml, verificationTime: at),
                                  verificationTime: at)
        XCTAssertTrue(one.valid)
        // As a học bạ of its years (ADR 0121): one year here, the identity page first.
        let none: [String] = []
        let pdf = try t.renderXmlTranscriptPdf(signedXmls: [xml], transcript: nil, verificationTime: at,
                                               recalled: none, replaced: [:])
        let r = try t.verifyPdf(pdf: pdf, verificationTime: at)
        XCTAssertTrue(r.valid)
        XCTAssertTrue(r.transcript)
        // Two records for one school year: with nothing recalled neither is in force; with the
        // portal's recall and link the replacement is.
        let both = [xml, try vec("signed_xml/replacement_rs256.xml")]
        XCTAssertThrowsError(try t.renderXmlTranscriptPdf(signedXmls: both, transcript: nil, verificationTime: at,
                                                          recalled: none, replaced: [:])) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "year_not_in_force")
        }
        let link = ["b1826d6c-2c88-462a-a3fe-524a19528fc6": "5d5d5d5d-5d5d-4d5d-9d5d-5d5d5d5d5d5d"]
        let fixed = try t.renderXmlTranscriptPdf(signedXmls: both, transcript: nil, verificationTime: at,
                                                 recalled: none, replaced: link)
        XCTAssertTrue(try t.verifyPdf(pdf: fixed, verificationTime: at).valid)
        XCTAssertThrowsError(try t.renderXmlTranscriptPdf(signedXmls: [xml, Data("<HOC_BA".utf8)],
                                                          transcript: nil, verificationTime: at,
                                                          recalled: none, replaced: [:])) { error in
            XCTAssertEqual((error as? HocbaError)?.record, 1)
        }
        XCTAssertThrowsError(try t.renderXmlTranscriptPdf(signedXmls: [xml],
                                                          transcript: vec("canonical/transcript_two_schools.json"),
                                                          verificationTime: at,
                                                          recalled: none, replaced: [:])) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "pupil_mismatch")
        }
    }
}
