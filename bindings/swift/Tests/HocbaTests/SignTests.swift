import Foundation
import Hocba
import XCTest

/// A vendor's signing flow: a JSON record from the school system, three signers, verified.
final class SignTests: XCTestCase {
    func vec(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent(rel))
    }

    let t0 = Date(timeIntervalSince1970: 1_780_272_000) // 2026-06-01T00:00:00Z

    /// The sample record, moved to the test PKI's school so its certificates match.
    func record() throws -> Data {
        Data(try Fixtures.sampleJson()
            .replacingOccurrences(of: "Trường Tiểu học Trần Quốc Toản", with: "Trường Tiểu học Thử Nghiệm Số 1").utf8)
    }

    func testThreeSignersInOrderOneExternalGiveAValidRecord() throws {
        let unsigned = try Envelope.fromRecord(document: record())
        XCTAssertEqual(unsigned.nextRole(), .homeroomTeacher)
        let gvcn = try SigningKey.fromPkcs8(pkcs8: vec("pki/keys/gvcn-ed25519.key.pem"), algorithm: nil)
        XCTAssertEqual(gvcn.algorithm(), "EdDSA")
        let one = try unsigned.sign(key: gvcn, role: .homeroomTeacher,
                                    chain: [vec("pki/certs/gvcn-ed25519.pem") + vec("pki/certs/gov-ca.pem")],
                                    signingTime: t0)
        // Hiệu trưởng on an external signer: prepare, sign the exact bytes elsewhere, attach.
        let tbs = try one.prepare(role: .principal,
                                  chain: [vec("pki/certs/principal-ed25519.der"), vec("pki/certs/gov-ca.der")],
                                  algorithm: nil, signingTime: t0.addingTimeInterval(60))
        XCTAssertEqual(tbs.algorithm(), "EdDSA")
        XCTAssertEqual(tbs.digest().count, 32)
        XCTAssertTrue(tbs.summaryVi().contains("Hiệu trưởng"), tbs.summaryVi())
        let saved = try ToBeSigned.fromFileBytes(bytes: tbs.toFileBytes())
        XCTAssertThrowsError(try saved.attach(signature: Data(count: 64))) { error in
            guard case HocbaError.Envelope(let code, _, _, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "attach_wrong_key")
        }
        // The "token" here is a second in-process envelope signing the same role and time:
        // Ed25519 is deterministic, so its signature is the one the external signer would make.
        let token = try one.sign(key: SigningKey.fromPkcs8(pkcs8: vec("pki/keys/principal-ed25519.pk8"), algorithm: nil),
                                 role: .principal,
                                 chain: [vec("pki/certs/principal-ed25519.der"), vec("pki/certs/gov-ca.der")],
                                 signingTime: t0.addingTimeInterval(60))
        let two = try saved.attach(signature: lastSignature(try token.toBytes()))
        XCTAssertEqual(try two.toBytes(), try token.toBytes())
        let three = try two.sign(key: SigningKey.fromPkcs8(pkcs8: vec("pki/keys/seal-ed25519.pk8"), algorithm: nil),
                                 role: .schoolSeal,
                                 chain: [vec("pki/certs/seal-ed25519.der"), vec("pki/certs/gov-ca.der")],
                                 signingTime: t0.addingTimeInterval(120))
        XCTAssertNil(three.nextRole())
        let report = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
            .verify(signedRecord: three.toBytes(), verificationTime: t0.addingTimeInterval(86_400))
        XCTAssertEqual(report.status, .valid, report.summaryEn)
        XCTAssertEqual(report.record?.school.name, "Trường Tiểu học Thử Nghiệm Số 1")
    }

    func testSigningOutOfTurnIsATypedError() throws {
        let unsigned = try Envelope.fromRecord(document: record())
        let seal = try SigningKey.fromPkcs8(pkcs8: vec("pki/keys/seal-ed25519.pk8"), algorithm: nil)
        XCTAssertThrowsError(try unsigned.sign(key: seal, role: .schoolSeal,
                                               chain: [vec("pki/certs/seal-ed25519.der")], signingTime: t0)) { error in
            guard case HocbaError.Envelope(let code, _, let messageVi, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "role_out_of_order")
            XCTAssertFalse(messageVi.isEmpty)
        }
        XCTAssertThrowsError(try unsigned.toBytes())
    }

    /// The last 64 bytes of an Ed25519-signed COSE_Sign are its last signature.
    func lastSignature(_ signed: Data) -> Data {
        signed.suffix(64)
    }
}
