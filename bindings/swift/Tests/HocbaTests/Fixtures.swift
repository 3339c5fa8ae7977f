import Foundation

/// Paths of the shared test data (scripts/test-swift.sh sets the environment; the defaults
/// work when `swift test` runs from bindings/swift in a checkout).
enum Fixtures {
    static let env = ProcessInfo.processInfo.environment
    static let vectorsDir = URL(fileURLWithPath: env["HOCBA_VECTORS_DIR"] ?? "../../tests/vectors")
    static let testdataDir = URL(fileURLWithPath: env["HOCBA_TESTDATA_DIR"] ?? "../testdata")

    static func sampleJson() throws -> String {
        try String(contentsOf: testdataDir.appendingPathComponent("year_record.json"), encoding: .utf8)
    }
}
