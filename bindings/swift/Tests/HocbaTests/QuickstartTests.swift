import Foundation
import Hocba
import XCTest

/// The Swift quickstart of docs/bindings.md, with real files, so the guide cannot rot.
final class QuickstartTests: XCTestCase {
    func testTheQuickstartRuns() throws {
        var out = ""
        func print(_ s: String) { out += s + "\n" }
        let vectors = Fixtures.vectorsDir
        let at = Date(timeIntervalSince1970: 1_781_481_600) // 2026-06-15T00:00:00Z

        do {
            let decoded = try decode(bytes: Data(contentsOf: vectors.appendingPathComponent("canonical/year_record_realistic.json")))
            switch decoded.document {
            case let .yearRecord(r):
                print("\(r.pupil.fullName), lớp \(r.className) (\(r.schoolYear)): \(r.result.labelVi())")
                for s in r.subjects { print("  \(s.subject.labelVi()): \(s.level.labelVi()) \(s.score.map(String.init) ?? "")") }
            case let .transcript(t):
                print("\(t.years.count) năm học")
            }

            let trust = try TrustStore(trustAnchors: [Data(contentsOf: vectors.appendingPathComponent("pki/roots.pem"))], crls: [])
            let report = try trust.verify(signedRecord: Data(contentsOf: vectors.appendingPathComponent("verify/valid_ed25519.cose")), verificationTime: at)
            print(report.summaryVi)
            if report.status == .valid, let r = report.record { print("Hợp lệ: \(r.pupil.fullName)") }
        } catch let error as HocbaError {
            print("\(error.code): \(error.messageVi)")
        }
        XCTAssertTrue(out.contains("Hợp lệ: "), out)
    }

    /// docs/bindings.md "In an app": a signed national XML and a PDF, checked offline.
    func testTheInAppOfflineVerificationExampleRuns() throws {
        let vectors = Fixtures.vectorsDir
        let assets = vectors.appendingPathComponent("pki")
        let at = Date(timeIntervalSince1970: 1_781_481_600) // 2026-06-15T00:00:00Z
        // --- as in docs/bindings.md ---
        // One store for the app's lifetime: exactly the roots and CRLs the app ships, nothing fetched.
        let trust = try TrustStore(trustAnchors: [Data(contentsOf: assets.appendingPathComponent("roots.pem"))], crls: [])

        func lines(_ r: VerificationReport) -> [String] {
            let status = r.status == .valid ? "Hợp lệ" : r.status == .incomplete ? "Chưa đủ chữ ký" : "Không hợp lệ"
            return [status] + r.signers.map { s in
                "\(s.role.labelVi()): \(s.certificate?.subjectName ?? "?") — "
                    + (s.valid ? "hợp lệ" : "\(s.messageVi ?? "") [\(s.error ?? "")]")
            } + r.missing.map { "\($0.labelVi()): chưa ký" }
        }

        func check(_ file: Data, now: Date = Date()) -> [String] {
            do {
                if file.starts(with: Data("%PDF-".utf8)) {
                    let pdf = try trust.verifyPdf(pdf: file, verificationTime: now)
                    return [pdf.valid ? "Tệp PDF hợp lệ" : "Tệp PDF không hợp lệ (\(pdf.error ?? ""))"]
                        + pdf.years.flatMap { lines($0.report) }
                }
                return lines(try trust.verify(signedRecord: file, verificationTime: now)) // a signed national XML (or COSE)
            } catch let e as HocbaError {
                return ["\(e.messageVi) [\(e.code)]"]                                     // not a signed record at all
            } catch {
                return ["\(error)"]
            }
        }
        // --- end ---
        let xml = try Data(contentsOf: vectors.appendingPathComponent("signed_xml/valid_rs256.xml"))
        XCTAssertEqual(check(xml, now: at), ["Hợp lệ", "Giáo viên chủ nhiệm: Phạm Thu Hà — hợp lệ",
                                             "Hiệu trưởng: Đỗ Quang Huy — hợp lệ",
                                             "Con dấu của trường: Trường Tiểu học Tư thục Thử Nghiệm — hợp lệ"])
        let pdf = try trust.renderSignedYearPdf(signedRecord: xml, verificationTime: at)
        XCTAssertEqual(check(pdf, now: at), ["Tệp PDF hợp lệ"] + check(xml, now: at))
        let awaiting = try check(Data(contentsOf: vectors.appendingPathComponent("signed_xml/incomplete_awaiting_seal.xml")), now: at)
        XCTAssertEqual([awaiting.first, awaiting.last], ["Chưa đủ chữ ký", "Con dấu của trường: chưa ký"])
        let changed = try check(Data(contentsOf: vectors.appendingPathComponent("signed_xml/data_byte_changed.xml")), now: at)
        XCTAssertEqual(changed.first, "Không hợp lệ")
        XCTAssertTrue(changed.dropFirst().allSatisfy { $0.hasSuffix("[xmldsig_digest_mismatch]") }, "\(changed)")
        XCTAssertTrue(check(Data("không phải học bạ".utf8), now: at).first?.hasSuffix("[unrecognised_input]") ?? false)
        // A Data slice (non-zero start index), as an app reading part of a buffer hands over.
        let padded = Data([0, 0]) + xml
        XCTAssertEqual(check(padded[2...], now: at), check(xml, now: at))
    }
}
