import Foundation
import Hocba
import XCTest

final class TrustStoreTests: XCTestCase {
    func pki(_ rel: String) throws -> Data {
        try Data(contentsOf: Fixtures.vectorsDir.appendingPathComponent("pki").appendingPathComponent(rel))
    }

    func testRootsAndCrlsAreTakenAsDerOrPem() throws {
        let t = try TrustStore(trustAnchors: [pki("roots.pem"), pki("certs/gov-root.der")], crls: [pki("crl/gov-ca.crl")])
        XCTAssertEqual(t.rootCount(), 3)
        XCTAssertEqual(t.crlCount(), 1)
    }

    func testAnUnreadableAnchorIsATypedTrustError() {
        XCTAssertThrowsError(try TrustStore(trustAnchors: [Data("-----BEGIN CERTIFICATE-----\nnot base64\n".utf8)], crls: [])) { error in
            guard case let HocbaError.Trust(code, _, _, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "pem_malformed")
        }
        XCTAssertThrowsError(try TrustStore(trustAnchors: [Data([0x30, 0x03, 0x02, 0x01])], crls: [])) { error in
            XCTAssertEqual((error as? HocbaError)?.code, "root_malformed")
        }
    }
}
