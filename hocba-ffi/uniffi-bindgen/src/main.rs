//! `uniffi-bindgen`, built from the same `uniffi` version as `hocba-ffi` (the workspace pins it
//! with `=`), so the generated Kotlin and Swift always match the library's scaffolding.
//!
//! ```text
//! cargo build -p hocba-ffi -p uniffi-bindgen
//! target/debug/uniffi-bindgen generate --library target/debug/libhocba_ffi.so \
//!     --language kotlin --out-dir OUT
//! ```

fn main() {
    uniffi::uniffi_bindgen_main()
}
