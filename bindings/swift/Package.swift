// swift-tools-version:5.9
// hocba for Swift: the bindings uniffi generates from hocba-ffi.
//
// HocbaFFI is a system library target: the generated C header and its module map, which links
// the Rust library `libhocba_ffi` (build it with `cargo build -p hocba-ffi`, then pass its
// directory with `-Xlinker -L<dir>`; on Apple platforms wrap it in an XCFramework instead).
// Hocba is the generated Swift API. Tests: scripts/test-swift.sh.
import PackageDescription

let package = Package(
    name: "Hocba",
    products: [
        .library(name: "Hocba", targets: ["Hocba"]),
    ],
    targets: [
        .systemLibrary(name: "HocbaFFI", path: "Sources/HocbaFFI"),
        .target(name: "Hocba", dependencies: ["HocbaFFI"], path: "Sources/Hocba"),
        .testTarget(name: "HocbaTests", dependencies: ["Hocba"], path: "Tests/HocbaTests"),
    ]
)
