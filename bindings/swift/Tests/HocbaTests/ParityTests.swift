import Foundation
import Hocba
import XCTest

/// What Python already had (issues 14–16): PDF signatures, the revocation policy and
/// `revokedLater`, the checks before signing turned off by name, and the error's kind and path
/// — the same names, semantics and codes as `hocba` in Python, decided in the core.
final class ParityTests: XCTestCase {
    func vec(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent(rel))
    }

    func chain(_ name: String) throws -> [Data] { [try vec("pki/chains/\(name).pem")] }

    let t0 = Date(timeIntervalSince1970: 1_780_272_000) // 2026-06-01T00:00:00Z
    let sealedAt = Date(timeIntervalSince1970: 1_780_272_000 + 3 * 3600)
    let at = Date(timeIntervalSince1970: 1_781_481_600) // 2026-06-15T00:00:00Z

    /// One byte changed inside the last PDF signature's signed range: the last digit of `/M`.
    func changedSigningTime(_ pdf: Data, after: Int) throws -> Data {
        let bytes = [UInt8](pdf)
        let needle = [UInt8]("/M(D:".utf8)
        guard let start = (after...(bytes.count - needle.count)).first(where: { i in
            needle.indices.allSatisfy { bytes[i + $0] == needle[$0] }
        }) else { throw XCTSkip("no /M") }
        var changed = bytes
        let i = start + 5 + 13
        changed[i] = changed[i] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        return Data(changed)
    }

    func testARenderedPdfSealedInProcessVerifiesAndOneChangedByteIsPadesDigestMismatch() throws {
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
        let pdf = try t.renderSignedYearPdf(signedRecord: vec("verify/valid_ed25519.cose"), verificationTime: at)
        XCTAssertNil(try t.verifyPdf(pdf: pdf, verificationTime: at).pades)
        let key = try SigningKey.fromPkcs8(pkcs8: vec("pki/keys/seal-rsa-gov.pk8"), algorithm: "RS256")
        let signed = try signPdf(pdf: pdf, key: key, chain: chain("seal-rsa-gov"), signingTime: sealedAt)
        XCTAssertEqual(signed.prefix(pdf.count), pdf, "the rendered revision is kept")
        let r = try t.verifyPdf(pdf: signed, verificationTime: at)
        XCTAssertTrue(r.valid, r.error ?? "")
        XCTAssertNil(r.error)
        XCTAssertTrue(r.pagesMatch && r.pupilBound)
        let sig = try XCTUnwrap(r.pades?.first)
        XCTAssertEqual(r.pades?.count, 1)
        XCTAssertEqual(sig.revision, 2)
        XCTAssertEqual(sig.algorithm, "RS256")
        XCTAssertEqual(sig.role, .schoolSeal)
        XCTAssertEqual(sig.signingTime, sealedAt)
        XCTAssertTrue(sig.valid && sig.certificate != nil)
        // No time-stamp: the chain was judged at the claimed `/M` (ADR 0160).
        XCTAssertEqual(sig.timeSource, "claimed")
        XCTAssertEqual(sig.judgedAt, sealedAt)
        XCTAssertNil(sig.timestampTime)
        XCTAssertNil(sig.timestampTsa)

        let bad = try t.verifyPdf(pdf: changedSigningTime(signed, after: pdf.count), verificationTime: at)
        XCTAssertFalse(bad.valid)
        XCTAssertTrue(bad.pagesMatch, "the rendered revision is intact")
        XCTAssertEqual(bad.error, "pades_digest_mismatch")
        XCTAssertEqual(bad.pades?.first?.error, "pades_digest_mismatch")
    }

    func testAPdfSignaturePreparedAndAttachedLaterVerifies() throws {
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: [])
        let pdf = try t.renderSignedYearPdf(signedRecord: vec("verify/valid_ed25519.cose"), verificationTime: at)
        let tbs = try PdfToBeSigned.prepare(pdf: pdf, chain: chain("seal-rsa-gov"), algorithm: nil, signingTime: sealedAt)
        XCTAssertEqual(tbs.algorithm(), "PS256", "the RSA key's default, as in Python")
        XCTAssertEqual(tbs.digest().count, 32)
        let later = try PdfToBeSigned.fromPreparedPdf(preparedPdf: tbs.preparedPdf(), chain: chain("seal-rsa-gov"), algorithm: "PS256")
        XCTAssertEqual(later.signedAttributes(), tbs.signedAttributes())
        XCTAssertThrowsError(try later.attach(signature: Data(repeating: 1, count: 256))) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "pades_bad_signature")
            XCTAssertEqual((error as? HocbaError)?.kind, "signature")
        }
        XCTAssertThrowsError(try PdfToBeSigned.prepare(pdf: pdf, chain: chain("principal-ed25519"), algorithm: nil, signingTime: sealedAt)) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "pades_unsupported_key")
        }
    }

    func testALaterRevocationIsShownAndTheStrictPolicyCountsIt() throws {
        let crls = try ["gov-ca", "gov-ca-rsa", "public-ca"].map { try vec("pki/crl/\($0).crl") }
        let data = try vec("verify/cert_revoked_after_signing.cose")
        let later = Date(timeIntervalSince1970: 1_811_808_000) // 2027-06-01T00:00:00Z
        let t = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: crls)
        XCTAssertEqual(t.revocation(), .atSigningTime)
        let gvcn = try XCTUnwrap(t.verify(signedRecord: data, verificationTime: later).signers.first)
        XCTAssertTrue(gvcn.valid)
        let revoked = try XCTUnwrap(gvcn.revokedLater)
        XCTAssertEqual(revoked.reason, "affiliation_changed")
        XCTAssertGreaterThan(revoked.revokedAt, gvcn.signingTime)
        let strict = try TrustStore(trustAnchors: [vec("pki/roots.pem")], crls: crls, revocation: .strict)
        XCTAssertEqual(strict.revocation().code(), "strict")
        let s = try XCTUnwrap(strict.verify(signedRecord: data, verificationTime: later).signers.first)
        XCTAssertFalse(s.valid)
        XCTAssertEqual(s.error, "revoked_after_claimed_time")
        XCTAssertNotNil(s.revokedLater)
    }

    func testChecksBeforeSigningAreTurnedOffByNameOnly() throws {
        let key = try SigningKey.fromPkcs8(pkcs8: vec("pki/keys/gvcn-rsa.pk8"), algorithm: "RS256")
        let xml = try signXml(xml: vec("signed_xml/unsigned.xml"), key: key, role: .homeroomTeacher,
                              chain: chain("gvcn-rsa"), signingTime: t0)
        func asPrincipal(_ without: [SignCheck]) throws -> XmlToBeSigned {
            try XmlToBeSigned.prepare(xml: xml, role: .principal, chain: chain("gvcn-rsa"), algorithm: nil,
                                      signingTime: t0.addingTimeInterval(60), without: without)
        }
        XCTAssertThrowsError(try asPrincipal([])) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "signer_id_mismatch")
        }
        XCTAssertThrowsError(try asPrincipal([.person])) { error in
            let e = error as? HocbaError
            XCTAssertEqual(e?.code, "certificate_reused")
            XCTAssertEqual(e?.kind, "signature")
            XCTAssertNil(e?.path)
        }
        XCTAssertThrowsError(try signXml(xml: xml, key: key, role: .principal, chain: chain("gvcn-rsa"),
                                         signingTime: t0.addingTimeInterval(60), without: [.person])) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "certificate_reused")
        }
        XCTAssertNoThrow(try asPrincipal([.person, .certificate]))
        XCTAssertEqual(SignCheck.record.code(), "record")
    }

    func testADecodeErrorCarriesTheCoresKindAndPath() throws {
        XCTAssertThrowsError(try decodeYearRecord(cbor: vec("hostile/wrong_type.cbor"))) { error in
            let e = error as? HocbaError
            XCTAssertEqual(e?.code, "wrong_type")
            XCTAssertEqual(e?.kind, "decode")
            XCTAssertEqual(e?.path, "grade")
        }
    }
}
