import Foundation
import Hocba
import XCTest

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Garbage in → a typed HocbaError with a stable code, never a crash or an untyped error.
final class GarbageTests: XCTestCase {
    @discardableResult
    func expectTypedError(_ bytes: Data, _ what: String) -> String {
        do {
            _ = try decode(bytes: bytes)
            XCTFail("\(what): decoded without error")
        } catch let error as HocbaError {
            XCTAssertFalse(error.code.isEmpty, what)
            XCTAssertNotEqual(error.code, "internal_panic", what)
            return error.code
        } catch {
            XCTFail("\(what): untyped error \(error)")
        }
        return ""
    }

    func testEveryTruncationOfACanonicalRecordIsATypedError() throws {
        let cbor = try toCanonicalCbor(bytes: Data(Fixtures.sampleJson().utf8))
        XCTAssertEqual(try decodeYearRecord(cbor: cbor), try yearRecordFromJson(json: Fixtures.sampleJson()))
        var codes = Set<String>()
        for n in 0 ..< cbor.count {
            codes.insert(expectTypedError(cbor.prefix(n), "CBOR truncated to \(n) bytes"))
        }
        XCTAssertTrue(codes.contains("truncated"), "\(codes)")
    }

    func testEveryTruncationOfAJsonRecordIsATypedError() throws {
        let json = Data(try Fixtures.sampleJson().trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        for n in 1 ..< json.count {
            expectTypedError(json.prefix(n), "JSON truncated to \(n) bytes")
        }
    }

    func testRandomBytesAreTypedErrors() {
        var rng = SplitMix64(state: 20_201_027)
        for i in 0 ..< 2000 {
            var bytes = Data((0 ..< Int.random(in: 0 ..< 300, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) })
            // Half of the inputs start like a CBOR map or a JSON object to get past the first byte.
            if !bytes.isEmpty, i % 4 == 1 { bytes[bytes.startIndex] = 0xB3 }
            if !bytes.isEmpty, i % 4 == 2 { bytes[bytes.startIndex] = UInt8(ascii: "{") }
            expectTypedError(bytes, "random input #\(i)")
        }
    }

    func testFlippingAnyByteOfACanonicalRecordNeverCrashes() throws {
        let cbor = try toCanonicalCbor(bytes: Data(Fixtures.sampleJson().utf8))
        for i in 0 ..< cbor.count {
            var bad = cbor
            bad[i] ^= 0x5A
            do {
                _ = try decode(bytes: bad)
            } catch let error as HocbaError {
                XCTAssertNotEqual(error.code, "internal_panic")
            }
        }
    }
}
