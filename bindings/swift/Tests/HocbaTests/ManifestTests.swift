import Foundation
import Hocba
import XCTest

/// The whole shared manifest (same outcomes as tests/tests/manifest.rs). XCTest on Linux has no
/// dynamic test cases, so one test runs every case and reports each failing id.
final class ManifestTests: XCTestCase {
    func loadManifest() throws -> (version: Int, cases: [ManifestRunner.Case]) {
        let url = Fixtures.vectorsDir.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url) else {
            throw ManifestRunner.Failure(description: "no manifest at \(url.path) (the vectors are committed in tests/vectors)")
        }
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let cases = (json["cases"] as? [[String: Any]] ?? []).map(ManifestRunner.Case.init(raw:))
        return (json["version"] as? Int ?? 0, cases)
    }

    func testTheManifestIsVersion1WithUniqueIds() throws {
        let m = try loadManifest()
        XCTAssertEqual(m.version, 1)
        XCTAssertFalse(m.cases.isEmpty)
        XCTAssertEqual(Set(m.cases.map(\.id)).count, m.cases.count, "duplicate ids")
    }

    func testEveryManifestCase() throws {
        let runner = ManifestRunner(root: Fixtures.vectorsDir)
        let cases = try loadManifest().cases
        var failures: [String] = []
        for c in cases {
            do { try runner.run(c) } catch { failures.append("\(error)") }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(cases.count) cases failed:\n" + failures.joined(separator: "\n"))
        print("manifest: \(cases.count - failures.count) of \(cases.count) cases passed")
    }

    func testAnUnknownKindFails() throws {
        var raw = try XCTUnwrap(loadManifest().cases.first).raw
        raw["kind"] = "no_such_kind"
        XCTAssertThrowsError(try ManifestRunner(root: Fixtures.vectorsDir).run(.init(raw: raw))) { error in
            XCTAssertTrue("\(error)".contains("unknown kind"), "\(error)")
        }
    }

    /// The comparison reads every field: a kind, a path or a signer's field other than the
    /// core's fails the case (as the Rust, Python and Kotlin runners' test of the same name).
    func testAChangedOutcomeFieldFails() throws {
        let runner = ManifestRunner(root: Fixtures.vectorsDir)
        let cases = try loadManifest().cases
        func raw(_ id: String) throws -> [String: Any] {
            try XCTUnwrap(cases.first { $0.id == id }).raw
        }
        func mutated(_ id: String, _ change: (inout [String: Any]) -> Void) throws -> ManifestRunner.Case {
            var r = try raw(id)
            var outcome = r["outcome"] as? [String: Any] ?? [:]
            change(&outcome)
            r["outcome"] = outcome
            return .init(raw: r)
        }
        let changed: [ManifestRunner.Case] = try [
            mutated("verify/payload_grade_out_of_range") { o in
                var e = o["raised"] as? [String: Any] ?? [:]; e["path"] = NSNull(); o["raised"] = e
            },
            mutated("verify/payload_grade_out_of_range") { o in
                var e = o["raised"] as? [String: Any] ?? [:]; e["kind"] = "signature"; o["raised"] = e
            },
            mutated("signed_xml/attack/dtd-entity") { o in
                var e = o["raised"] as? [String: Any] ?? [:]; e["kind"] = "decode"; o["raised"] = e
            },
            mutated("verify/valid_ed25519") { o in
                var r = o["report"] as? [String: Any] ?? [:]
                var signers = r["signers"] as? [[String: Any]] ?? []
                signers[2]["subject_name"] = "X"
                r["signers"] = signers; o["report"] = r
            },
            mutated("verify/valid_ed25519") { o in
                var r = o["report"] as? [String: Any] ?? [:]
                var signers = r["signers"] as? [[String: Any]] ?? []
                signers[2]["issuer"] = "X"
                r["signers"] = signers; o["report"] = r
            },
            mutated("signed_xml/timestamped_seal") { o in
                var r = o["report"] as? [String: Any] ?? [:]
                var signers = r["signers"] as? [[String: Any]] ?? []
                signers[2]["judged_at"] = "2026-06-01T00:02:00Z"
                r["signers"] = signers; o["report"] = r
            },
            mutated("signed_xml/timestamped_seal") { o in
                var r = o["report"] as? [String: Any] ?? [:]
                var signers = r["signers"] as? [[String: Any]] ?? []
                signers[2]["timestamp"] = NSNull()
                r["signers"] = signers; o["report"] = r
            },
            mutated("verify/correction_chain") { o in
                var r = o["report"] as? [String: Any] ?? [:]
                var years = r["years"] as? [[String: Any]] ?? []
                var revisions = years[0]["revisions"] as? [[String: Any]] ?? []
                revisions[1]["lookup_code"] = NSNull()
                years[0]["revisions"] = revisions; r["years"] = years; o["report"] = r
            },
            mutated("signed_xml/years_recalled_and_replaced") { o in
                var r = o["report"] as? [String: Any] ?? [:]
                var years = r["years"] as? [[String: Any]] ?? []
                var revisions = years[0]["revisions"] as? [[String: Any]] ?? []
                revisions[0]["recalled"] = false
                years[0]["revisions"] = revisions; r["years"] = years; o["report"] = r
            },
        ]
        for c in changed {
            try runner.run(.init(raw: try raw(c.id)))
            XCTAssertThrowsError(try runner.run(c)) { error in
                XCTAssertTrue("\(error)".contains("outcome/"), "\(error)")
            }
        }
    }
}
