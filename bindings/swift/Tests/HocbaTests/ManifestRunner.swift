import Foundation
import Hocba

/// Runs one case of tests/vectors/manifest.json through the Swift bindings, dispatching on its
/// `kind` exactly as the Rust runner does (tests/src/kinds/<kind>.rs); an unknown kind fails.
struct ManifestRunner {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One manifest case: the common fields and the kind-specific ones in `raw`.
    struct Case {
        let raw: [String: Any]
        var id: String { raw["id"] as? String ?? "?" }
        var kind: String { raw["kind"] as? String ?? "" }
        var input: String { raw["input"] as? String ?? "" }
        var expect: [String: Any] { raw["expect"] as? [String: Any] ?? [:] }
        var expectOk: Bool { expect["ok"] as? Bool ?? false }
        var expectError: String? { expect["error"] as? String }

        func field(_ name: String) throws -> String {
            guard let v = raw[name] as? String else { throw Failure(description: "\(id): missing field `\(name)`") }
            return v
        }
    }

    let root: URL

    func read(_ rel: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(rel))
    }

    func run(_ c: Case) throws {
        switch c.kind {
        case "canonical": try canonical(c)
        case "hostile": try hostile(c)
        case "verify": try verify(c)
        case "validate": try validateCase(c)
        case "xml": try xml(c)
        case "signed_xml": try signedXml(c)
        default: throw Failure(description: "\(c.id): unknown kind `\(c.kind)`")
        }
    }

    func check(_ c: Case, _ ok: Bool, _ why: @autoclosure () -> String) throws {
        if !ok { throw Failure(description: "\(c.id): \(why())") }
    }

    /// Kind `canonical`: JSON encodes to the vector's bytes; the bytes decode to the JSON's value.
    func canonical(_ c: Case) throws {
        try check(c, c.expectOk, "canonical cases are valid documents")
        let bytes = try read(c.input)
        let json = try read(c.field("json"))
        let encoded = try toCanonicalCbor(bytes: json)
        try check(c, encoded == bytes, "encoding the JSON differs from the vector at byte \(Self.firstDifference(encoded, bytes))")
        let text = String(decoding: json, as: UTF8.self)
        let equal: Bool
        switch try c.field("type") {
        case "year_record": equal = try decodeYearRecord(cbor: bytes) == yearRecordFromJson(json: text)
        case "transcript": equal = try decodeTranscript(cbor: bytes) == transcriptFromJson(json: text)
        case let other: throw Failure(description: "\(c.id): unknown type `\(other)`")
        }
        try check(c, equal, "decoding the bytes does not give the JSON's value")
        let hex = try Self.parseAnnotatedHex(String(decoding: read(c.field("hex")), as: UTF8.self))
        try check(c, hex == bytes, "the annotated hex is not the vector's bytes")
    }

    /// Kind `hostile`: the strict decoder rejects the bytes with exactly the expected code, and
    /// the error's kind and path are the case's `error_kind` and `error_path` (generated from
    /// the core; Rust and Python compare the same fields, ADR 0096).
    func hostile(_ c: Case) throws {
        guard let expected = c.expectError else { throw Failure(description: "\(c.id): hostile cases expect an error") }
        let bytes = try read(c.input)
        var caught: HocbaError?
        do {
            switch try c.field("type") {
            case "transcript": _ = try decodeTranscript(cbor: bytes)
            default: _ = try decodeYearRecord(cbor: bytes)
            }
        } catch let error as HocbaError {
            caught = error
        }
        guard let error = caught else { throw Failure(description: "\(c.id): accepted; expected `\(expected)`") }
        try check(c, error.code == expected, "rejected with `\(error.code)`; expected `\(expected)`")
        let wantKind = try c.field("error_kind")
        try check(c, error.kind == wantKind, "error kind `\(error.kind)`; expected `\(wantKind)`")
        let wantPath = c.raw["error_path"] as? String
        try check(c, error.path == wantPath, "error path `\(error.path ?? "null")`; expected `\(wantPath ?? "null")`")
    }

    /// Kind `xml`: a national XML reads to the case's JSON (and back to the same bytes when
    /// `roundtrip`), or is refused with exactly the expected code.
    func xml(_ c: Case) throws {
        let bytes = try read(c.input)
        var got: String?
        do {
            let record = try yearRecordFromXml(xml: bytes)
            if c.expectOk {
                let json = String(decoding: try read(try c.field("json")), as: UTF8.self)
                try check(c, record == (try yearRecordFromJson(json: json)), "reads to a different model than the case's JSON")
                if (c.raw["roundtrip"] as? Bool) == true {
                    try check(c, try toNationalXml(bytes: bytes) == bytes, "writing the record back gives other bytes")
                }
            }
        } catch let error as HocbaError {
            got = error.code
            // A refusal carries the core's kind and path, as in Rust and Python (ADR 0180).
            if let wantKind = c.raw["error_kind"] as? String {
                try check(c, error.kind == wantKind, "error kind `\(error.kind)`; expected `\(wantKind)`")
                let wantPath = c.raw["error_path"] as? String
                try check(c, error.path == wantPath, "error path `\(error.path ?? "null")`; expected `\(wantPath ?? "null")`")
            }
        }
        try compareOutcome(c, got)
    }

    func paths(_ c: Case, _ name: String) -> [String] {
        c.raw[name] as? [String] ?? []
    }

    /// The case's signer roots, CRLs and time-stamping authorities' roots (`tsa_roots`, a
    /// separate set: ADR 0160).
    func trustStore(_ c: Case) throws -> TrustStore {
        try TrustStore(trustAnchors: paths(c, "trust").map(read), crls: paths(c, "crls").map(read),
                       tsaRoots: paths(c, "tsa_roots").map(read))
    }

    /// Outcome `nil` (ok) or the error code, as in the Rust runners.
    func compareOutcome(_ c: Case, _ got: String?) throws {
        let want: String? = c.expectOk ? nil : (c.expectError ?? "")
        try check(c, got == want, "expected \(want ?? "ok"), got \(got ?? "ok")")
    }

    /// The outcome of a refused call: the core's code, kind (the error case) and path.
    func raised(_ e: HocbaError) -> [String: Any] {
        ["raised": ["code": e.code, "kind": e.kind, "path": e.path ?? NSNull()] as [String: Any]]
    }

    static func rfc3339(_ d: Date) -> String {
        ISO8601DateFormatter().string(from: d)
    }

    func signer(_ s: SignerReport) -> [String: Any] {
        [
            "position": Int(s.position),
            "role": s.role.code(),
            "capacity": s.capacity?.code() ?? NSNull(),
            "algorithm": s.algorithm,
            "signing_time": Self.rfc3339(s.signingTime),
            "valid": s.valid,
            "error": s.error ?? NSNull(),
            "subject_name": s.certificate?.subjectName ?? NSNull(),
            "serial": s.certificate?.serialHex ?? NSNull(),
            "issuer": s.certificate?.issuer ?? NSNull(),
            "organisation": s.certificate?.organisation ?? NSNull(),
            "is_organisation": s.certificate?.isOrganisation ?? NSNull(),
            "time_source": s.timeSource,
            "judged_at": Self.rfc3339(s.judgedAt),
            "timestamp": s.timestampTime.map {
                [
                    "time": Self.rfc3339($0),
                    "tsa": s.timestampTsa ?? NSNull(),
                    "tsa_root": s.timestampTsaRoot ?? NSNull(),
                    "serial": s.timestampSerial ?? NSNull(),
                    "policy": s.timestampPolicy ?? NSNull(),
                ] as [String: Any]
            } ?? NSNull(),
            "revoked_later": s.revokedLater.map { ["revoked_at": Self.rfc3339($0.revokedAt), "reason": $0.reason ?? NSNull()] as [String: Any] } ?? NSNull(),
        ]
    }

    func findings(_ f: [ContentFinding]) -> [[String: Any]] {
        f.map { ["code": $0.code, "rule": $0.rule, "path": $0.path, "blocking": $0.blocking] }
    }

    func recordReport(_ r: VerificationReport) -> [String: Any] {
        [
            "status": "\(r.status)",
            "error": r.error ?? NSNull(),
            "digest": r.digest,
            "missing": r.missing.map { $0.code() },
            "signers": r.signers.map(signer),
            "findings": findings(r.findings),
        ]
    }

    func transcriptReport(_ r: TranscriptVerificationReport) -> [String: Any] {
        [
            "status": "\(r.status)",
            "error": r.error ?? NSNull(),
            "issues": r.issues.map { ["code": $0.code, "record": Int($0.record)] as [String: Any] },
            "findings": findings(r.findings),
            "years": r.years.map { y in
                ["revisions": y.revisions.map { v in
                    [
                        "record": Int(v.index),
                        "digest": v.digest,
                        "supersedes": v.supersedes ?? NSNull(),
                        "lookup_code": v.lookupCode ?? NSNull(),
                        "recalled": v.recalled,
                        "report": recordReport(v.report),
                    ] as [String: Any]
                }]
            },
        ]
    }

    /// A leaf value as JSON text, so values parsed from the manifest and values built here
    /// compare alike (NSNumber booleans, Int, NSNull, String).
    static func leaf(_ v: Any?) -> String {
        guard let v = v,
              let data = try? JSONSerialization.data(withJSONObject: [v], options: [.sortedKeys])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON pointer of the first field where `got` differs from `want`, with both values;
    /// `nil` when equal.
    static func firstDifference(_ want: Any?, _ got: Any?, _ at: String) -> (String, String, String)? {
        if let w = want as? [String: Any], let g = got as? [String: Any] {
            for k in Set(w.keys).union(g.keys).sorted() {
                if let d = firstDifference(w[k], g[k], "\(at)/\(k)") { return d }
            }
            return nil
        }
        if let w = want as? [Any], let g = got as? [Any], w.count == g.count {
            for i in w.indices {
                if let d = firstDifference(w[i], g[i], "\(at)/\(i)") { return d }
            }
            return nil
        }
        let (lw, lg) = (leaf(want), leaf(got))
        return lw == lg ? nil : (at, lw, lg)
    }

    /// Compares every field of `got` with the case's `outcome` (generated from the core,
    /// tests/src/kinds/outcome.rs), then the short form with `expect`.
    func checkOutcome(_ c: Case, _ got: [String: Any]) throws {
        guard let want = c.raw["outcome"] else { throw Failure(description: "\(c.id): no outcome") }
        if let (at, w, g) = Self.firstDifference(want, got, "") {
            throw Failure(description: "\(c.id): outcome\(at): expected \(w), got \(g)")
        }
        if let r = got["raised"] as? [String: Any] {
            try compareOutcome(c, r["code"] as? String)
        } else {
            let r = got["report"] as? [String: Any] ?? [:]
            try compareOutcome(c, r["status"] as? String == "valid" ? nil : (r["error"] as? String ?? "invalid"))
        }
    }

    /// Kind `verify`: a signed record or transcript against the test PKI at a time; the full
    /// report (every signer's and finding's fields) or the refused call's code, kind and path.
    /// A `years` case of kind `signed_xml`: the case's `records` verified as one học bạ with the
    /// portal's `recalled` lookup codes and `replaced` links (ADR 0170): the transcript report
    /// (each revision's `recalled`) or the refused call's code, kind and path.
    func xmlYears(_ c: Case) throws {
        let trust = try trustStore(c)
        guard let at = ISO8601DateFormatter().date(from: try c.field("at")) else {
            throw Failure(description: "\(c.id): bad `at`")
        }
        let records = try paths(c, "records").map(read)
        guard let replaced = c.raw["replaced"] as? [String: String] else {
            throw Failure(description: "\(c.id): missing object `replaced`")
        }
        var got: [String: Any]
        do {
            got = ["report": transcriptReport(try trust.verifyXmlTranscript(
                signedXmls: records, verificationTime: at, recalled: paths(c, "recalled"), replaced: replaced))]
        } catch let error as HocbaError {
            got = raised(error)
        }
        try checkOutcome(c, got)
    }

    func verify(_ c: Case) throws {
        let trust = try trustStore(c)
        guard let at = ISO8601DateFormatter().date(from: try c.field("at")) else {
            throw Failure(description: "\(c.id): bad `at`")
        }
        let bytes = try read(c.input)
        var got: [String: Any]
        do {
            if c.raw["type"] as? String == "transcript" {
                got = ["report": transcriptReport(try trust.verifyTranscript(signedTranscript: bytes, verificationTime: at))]
            } else {
                got = ["report": recordReport(try trust.verify(signedRecord: bytes, verificationTime: at))]
            }
        } catch let error as HocbaError {
            got = raised(error)
        }
        try checkOutcome(c, got)
    }

    /// Kind `signed_xml`: a national XML signed with XML-DSig, verified as a year record against
    /// the test PKI at the case's time: the full report or the refused call's code, kind and
    /// path; each valid case's signers have the listed roles and algorithms; `verifyMany` gives
    /// the same report (for an unreadable input, a report with its code).
    func signedXml(_ c: Case) throws {
        if c.raw["type"] as? String == "years" { return try xmlYears(c) }
        let trust = try trustStore(c)
        guard let at = ISO8601DateFormatter().date(from: try c.field("at")) else {
            throw Failure(description: "\(c.id): bad `at`")
        }
        let bytes = try read(c.input)
        let many = try trust.verifyMany(signedRecords: [bytes], verificationTime: at)
        try check(c, many.count == 1, "verifyMany gave \(many.count) reports")
        let bulk = many[0]
        var got: [String: Any]
        do {
            let r = try trust.verifyXml(signedXml: bytes, verificationTime: at)
            let (mine, theirs) = (recordReport(r), recordReport(bulk))
            try check(c, Self.firstDifference(mine, theirs, "") == nil,
                      "verifyMany differs from verifyXml at \(Self.firstDifference(mine, theirs, "")?.0 ?? "")")
            if r.status == .valid {
                try check(c, r.record != nil && r.record == bulk.record, "valid without the record")
            } else {
                try check(c, r.record == nil, "a record handed out with an invalid report")
            }
            if let want = c.raw["signers"] as? [[String: Any]] {
                let wanted = want.map { "\($0["role"] as? String ?? "?")/\($0["algorithm"] as? String ?? "?")" }
                let signers = r.signers.map { "\($0.role.code())/\($0.algorithm)" }
                try check(c, signers == wanted, "signers: expected \(wanted), got \(signers)")
            }
            // A time-stamped signer is judged at its token's time (ADR 0160).
            if let want = c.raw["time_sources"] as? [String] {
                let got = r.signers.map { $0.timeSource }
                try check(c, got == want, "time_sources: expected \(want), got \(got)")
                try check(c, r.signers.allSatisfy {
                    $0.judgedAt == ($0.timeSource == "timestamp" ? $0.timestampTime : $0.signingTime)
                }, "judgedAt is not the time the source names")
            }
            got = ["report": mine]
        } catch let error as HocbaError {
            try check(c, bulk.status == .invalid && bulk.error == error.code,
                      "verifyMany gives \(bulk.status) \(bulk.error ?? "-"), verifyXml threw \(error.code)")
            got = raised(error)
        }
        try checkOutcome(c, got)
    }

    /// Kind `validate`: every violation code in order, the first error, the derived result.
    func validateCase(_ c: Case) throws {
        let bytes = try read(c.input)
        let type = try c.field("type")
        let isTranscript: Bool
        switch try decode(bytes: bytes).document {
        case .transcript: isTranscript = true
        case .yearRecord: isTranscript = false
        }
        try check(c, isTranscript == (type == "transcript"), "the input is not a \(type)")
        let report = try validate(document: bytes, policy: nil)
        try compareOutcome(c, report.violations.first { $0.severity == .error }?.code)
        try check(c, report.ok == c.expectOk, "ok is \(report.ok)")
        let want = c.raw["violations"] as? [String] ?? []
        let got = report.violations.map(\.code)
        try check(c, got == want, "violations: expected \(want), got \(got)")
        if c.raw.keys.contains("derived") {
            let wantDerived = c.raw["derived"] as? String
            let gotDerived = report.derived.first.flatMap { $0 }?.result.code()
            try check(c, gotDerived == wantDerived, "derived result: expected \(wantDerived ?? "null"), got \(gotDerived ?? "null")")
        }
    }

    /// Strips `#` comments and whitespace from annotated hex and decodes it.
    static func parseAnnotatedHex(_ text: String) throws -> Data {
        let digits = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .joined()
            .filter { !$0.isWhitespace }
        let chars = Array(digits)
        guard chars.count % 2 == 0 else { throw Failure(description: "annotated hex: odd number of digits") }
        var out = Data(capacity: chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let b = UInt8(String(chars[i ... i + 1]), radix: 16) else {
                throw Failure(description: "annotated hex: not a hex digit")
            }
            out.append(b)
        }
        return out
    }

    static func firstDifference(_ a: Data, _ b: Data) -> Int {
        zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    }
}
