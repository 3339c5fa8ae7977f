import Foundation
import Hocba
import XCTest

/// The verification report in detail: who signed, in which role, valid or exactly why not.
final class VerifyTests: XCTestCase {
    func vec(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent(rel))
    }

    let at = Date(timeIntervalSince1970: 1_781_481_600) // 2026-06-15T00:00:00Z

    func trust() throws -> TrustStore {
        try TrustStore(trustAnchors: [vec("pki/roots.pem")],
                       crls: [vec("pki/crl/gov-ca.crl"), vec("pki/crl/gov-ca-rsa.crl"), vec("pki/crl/public-ca.crl")])
    }

    func testAValidRecordReportsThreeValidSignersAndHandsOutTheRecord() throws {
        let r = try trust().verify(signedRecord: vec("verify/valid_ed25519.cose"), verificationTime: at)
        XCTAssertEqual(r.status, .valid)
        XCTAssertNil(r.error)
        XCTAssertEqual(r.signers.map(\.role), [.homeroomTeacher, .principal, .schoolSeal])
        XCTAssertTrue(r.signers.allSatisfy { $0.valid && $0.error == nil && $0.certificate != nil })
        XCTAssertEqual(r.signers[0].role.labelVi(), "Giáo viên chủ nhiệm")
        XCTAssertEqual(r.verifiedAt, at)
        XCTAssertNotNil(r.record)
        XCTAssertTrue(r.summaryVi.contains("hợp lệ"), r.summaryVi)
    }

    func testAnExpiredTeacherCertificateIsInvalidWithTheSignersReason() throws {
        let r = try trust().verify(signedRecord: vec("verify/cert_bad_expired.cose"), verificationTime: at)
        XCTAssertEqual(r.status, .invalid)
        XCTAssertEqual(r.error, "cert_expired")
        let bad = try XCTUnwrap(r.signers.first { !$0.valid })
        XCTAssertEqual(bad.role, .homeroomTeacher)
        XCTAssertEqual(bad.error, "cert_expired")
        XCTAssertNil(r.record)
    }

    func testARecordAwaitingThePrincipalIsIncomplete() throws {
        let r = try verifyYearRecord(signedRecord: vec("verify/incomplete_awaiting_principal.cose"),
                                     trustAnchors: [vec("pki/roots.pem")], crls: [], verificationTime: at)
        XCTAssertEqual(r.status, .incomplete)
        XCTAssertEqual(r.missing, [.principal, .schoolSeal])
        XCTAssertNil(r.record)
    }

    func testVerifyManyGivesEachRecordTheSingleReportInOrder() throws {
        let names = ["valid_ed25519", "valid_rsa_gov", "cert_bad_expired", "flip_signature_seal",
                     "incomplete_awaiting_principal"]
        let inputs = try names.map { try vec("verify/\($0).cose") } + [Data([1, 2, 3])]
        let t = try trust()
        let many = try t.verifyMany(signedRecords: inputs, verificationTime: at)
        XCTAssertEqual(many.count, inputs.count)
        for (i, bytes) in inputs.dropLast().enumerated() {
            let single = try t.verify(signedRecord: bytes, verificationTime: at)
            XCTAssertEqual(many[i].status, single.status, names[i])
            XCTAssertEqual(many[i].error, single.error, names[i])
            XCTAssertEqual(many[i].digest, single.digest, names[i])
            XCTAssertEqual(many[i].signers.map(\.valid), single.signers.map(\.valid), names[i])
        }
        XCTAssertEqual(many[0].status, .valid)
        let garbage = many[inputs.count - 1]
        XCTAssertEqual(garbage.status, .invalid)
        XCTAssertNotNil(garbage.error)
        XCTAssertTrue(garbage.signers.isEmpty)
        XCTAssertNil(garbage.record)
    }

    func testGarbageWhereASignedRecordIsExpectedIsATypedError() throws {
        let t = try trust()
        let signed = try vec("verify/valid_ed25519.cose")
        var rng = SplitMix64(state: 98)
        var inputs = (0 ..< 300).map { _ in
            Data((0 ..< Int.random(in: 0 ..< 200, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) })
        }
        inputs += stride(from: 0, to: signed.count, by: 7).map { signed.prefix($0) }
        for bytes in inputs {
            do {
                let r = try t.verify(signedRecord: bytes, verificationTime: at)
                XCTFail("garbage verified: \(r.status)")
            } catch let error as HocbaError {
                XCTAssertNotEqual(error.code, "internal_panic")
            }
        }
    }
}
