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
}
