import Foundation
import Hocba
import XCTest

/// The national XML (CV 2088) signed with XML-DSig: prepare/attach, in-process signing,
/// verification and bulk verification.
final class XmlSignTests: XCTestCase {
    func vec(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent(rel))
    }

    let t0 = Date(timeIntervalSince1970: 1_780_272_000) // 2026-06-01T00:00:00Z
    let at = Date(timeIntervalSince1970: 1_780_272_000 + 14 * 86_400)
    let roles: [(SignerRole, String)] = [
        (.homeroomTeacher, "gvcn-rsa"), (.principal, "principal-rsa"), (.schoolSeal, "seal-rsa"),
    ]

    func trust() throws -> TrustStore {
        try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
    }

    func key(_ name: String) throws -> SigningKey {
        try SigningKey.fromPkcs8(pkcs8: vec("pki/keys/\(name).pk8"), algorithm: "RS256")
    }

    func signed(_ count: Int = 3) throws -> Data {
        var xml = try vec("signed_xml/unsigned.xml")
        for (i, (role, name)) in roles.prefix(count).enumerated() {
            xml = try signXml(xml: xml, key: key(name), role: role, chain: [vec("pki/chains/\(name).pem")],
                              signingTime: t0.addingTimeInterval(Double(60 * i)))
        }
        return xml
    }

    /// The base64 text of the last `SignatureValue` in `xml`.
    func lastSignatureValue(_ xml: Data) throws -> String {
        let text = String(decoding: xml, as: UTF8.self)
        guard let open = text.range(of: "<ds:SignatureValue>", options: .backwards),
              let close = text.range(of: "</ds:SignatureValue>", range: open.upperBound..<text.endIndex)
        else { throw XCTSkip("no SignatureValue") }
        return String(text[open.upperBound..<close.lowerBound])
    }

    func testPrepareAttachGivesAValidRecord() throws {
        var xml = try vec("signed_xml/unsigned.xml")
        for (i, (role, name)) in roles.enumerated() {
            let time = t0.addingTimeInterval(Double(60 * i))
            let chain = [try vec("pki/chains/\(name).pem")]
            let prepared = try XmlToBeSigned.prepare(xml: xml, role: role, chain: chain, algorithm: "RS256",
                                                     signingTime: time)
            XCTAssertEqual(prepared.role(), role)
            XCTAssertEqual(prepared.slot(), ["GVCN", "CBQL", "KY_PHAT_HANH"][i])
            XCTAssertEqual(prepared.digest().count, 32)
            let saved = try XmlToBeSigned.fromFileBytes(bytes: prepared.toFileBytes())
            XCTAssertEqual(saved.data(), prepared.data())
            // The "token": RS256 is deterministic, so the in-process signature over the same
            // SignedInfo is the one an external signer would return.
            let b64 = try lastSignatureValue(signXml(xml: xml, key: key(name), role: role, chain: chain,
                                                     signingTime: time))
            XCTAssertThrowsError(try saved.attach(signature: Data(b64.utf8))) { error in
                guard case HocbaError.Envelope(let code, let en, _, _, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(code, "attach_base64_not_raw")
                XCTAssertTrue(en.contains("base64"), en)
            }
            XCTAssertThrowsError(try saved.attach(signature: Data(count: 256))) { error in
                XCTAssertEqual((error as? HocbaError)?.code, "attach_wrong_key")
            }
            xml = try saved.attach(signature: XCTUnwrap(Data(base64Encoded: b64)))
        }
        let report = try trust().verifyXml(signedXml: xml, verificationTime: at)
        XCTAssertEqual(report.status, .valid, report.summaryEn)
        XCTAssertEqual(report.signers.map { $0.role }, roles.map { $0.0 })
        XCTAssertEqual(report.signers.map { $0.algorithm }, ["RS256", "RS256", "RS256"])
        XCTAssertEqual(report.signers[0].signingTime, t0)
        XCTAssertEqual(report.record?.school.name, "Trường Tiểu học Tư thục Thử Nghiệm")
        XCTAssertEqual(xml, try signed())
    }

    func testIncompleteOutOfOrderAndBulk() throws {
        let t = try trust()
        let two = try t.verifyXml(signedXml: signed(2), verificationTime: at)
        XCTAssertEqual(two.status, .incomplete)
        XCTAssertEqual(two.missing, [.schoolSeal])
        // The core's one report shape (ADR 0260): the keys of `hocba --json verify`.
        XCTAssertEqual(two.format, "national_xml")
        XCTAssertEqual(two.requiredRoles, ["GVCN", "CBQL", "KY_PHAT_HANH"])
        XCTAssertEqual(two.missingSlots, ["KY_PHAT_HANH"])
        XCTAssertEqual(two.signers.map { $0.slot }, ["GVCN", "CBQL"])
        XCTAssertTrue(two.summaryEn.contains("Not yet signed: KY_PHAT_HANH (School seal)"), two.summaryEn)
        XCTAssertNil(two.record)
        XCTAssertThrowsError(try XmlToBeSigned.prepare(xml: signed(), role: .principal,
                                                       chain: [vec("pki/chains/principal-rsa.pem")],
                                                       algorithm: "RS256", signingTime: t0)) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "role_out_of_order")
        }
        var changed = try signed()
        let i = try XCTUnwrap(changed.range(of: Data("<CHIEU_CAO>".utf8))).upperBound
        changed[i] ^= 1
        let reports = try t.verifyMany(signedRecords: [signed(), changed, Data("<HOC_BA>".utf8)],
                                       verificationTime: at)
        XCTAssertEqual(reports.map { $0.status }, [.valid, .invalid, .invalid])
        XCTAssertEqual(reports[1].error, "xmldsig_digest_mismatch")
        XCTAssertNil(reports[1].record)
        XCTAssertEqual(reports[0], try t.verifyXml(signedXml: signed(), verificationTime: at))
        XCTAssertThrowsError(try t.verifyXml(signedXml: Data("<HOC_BA>".utf8), verificationTime: at)) { error in
            XCTAssertEqual((error as? HocbaError)?.code, reports[2].error)
        }
    }

    func testTranscriptNamesTheRecordItCannotRead() throws {
        let t = try trust()
        let broken = Data("<HOC_BA".utf8)
        XCTAssertThrowsError(try t.verifyXmlTranscript(signedXmls: [signed(), broken], verificationTime: at,
                                                       recalled: [], replaced: [:])) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "xml_malformed")
            XCTAssertEqual((error as? HocbaError)?.record, 1, "as Python's .record")
        }
        XCTAssertThrowsError(try t.verifyXmlTranscript(signedXmls: [broken, signed()], verificationTime: at,
                                                       recalled: [], replaced: [:])) { error in
            XCTAssertEqual((error as? HocbaError)?.record, 0)
        }
        // An error about no record in particular (a lookup code that is not one) names none.
        XCTAssertThrowsError(try t.verifyXmlTranscript(signedXmls: [signed()], verificationTime: at,
                                                       recalled: ["x"], replaced: [:])) { error in
            guard case HocbaError.Model(_, _, _, _, let record) = error else { return XCTFail("\(error)") }
            XCTAssertNil(record)
        }
    }
}
