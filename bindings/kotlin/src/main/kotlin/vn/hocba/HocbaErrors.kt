@file:JvmName("HocbaErrors")

package vn.hocba

// Hand-written companion of the generated bindings (hocba_ffi.kt): accessors common to every
// HocbaException variant, so callers can switch on the stable code without matching variants.
// From Java: HocbaErrors.getCode(e), HocbaErrors.getMessageVi(e).

/** The stable snake_case machine code, e.g. `json_syntax`; never changes once released. */
val HocbaException.code: String
    get() = when (this) {
        is HocbaException.Model -> code
        is HocbaException.Decode -> code
        is HocbaException.Validation -> code
        is HocbaException.Envelope -> code
        is HocbaException.Render -> code
        is HocbaException.Trust -> code
        is HocbaException.Other -> code
        is HocbaException.Internal -> code
    }

/** The message in English (no pupil data). */
val HocbaException.messageEn: String
    get() = when (this) {
        is HocbaException.Model -> messageEn
        is HocbaException.Decode -> messageEn
        is HocbaException.Validation -> messageEn
        is HocbaException.Envelope -> messageEn
        is HocbaException.Render -> messageEn
        is HocbaException.Trust -> messageEn
        is HocbaException.Other -> messageEn
        is HocbaException.Internal -> messageEn
    }

/** The message in Vietnamese (no pupil data). */
val HocbaException.messageVi: String
    get() = when (this) {
        is HocbaException.Model -> messageVi
        is HocbaException.Decode -> messageVi
        is HocbaException.Validation -> messageVi
        is HocbaException.Envelope -> messageVi
        is HocbaException.Render -> messageVi
        is HocbaException.Trust -> messageVi
        is HocbaException.Other -> messageVi
        is HocbaException.Internal -> messageVi
    }

/** Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the core knows
 *  it: the core's `Error::path()`, the same as Python's `.path`. */
val HocbaException.path: String?
    get() = when (this) {
        is HocbaException.Model -> path
        is HocbaException.Decode -> path
        is HocbaException.Validation -> path
        is HocbaException.Envelope -> path
        is HocbaException.Render -> path
        is HocbaException.Trust -> path
        is HocbaException.Other -> path
        is HocbaException.Internal -> path
    }

/** Which of several inputs the error is about (0-based, in the order given), when a function
 *  taking several could not read one (`TrustStore.verifyXmlTranscript`): the core's
 *  `RecordError::index`, the same as Python's `.record`. */
val HocbaException.record: UInt?
    get() = when (this) {
        is HocbaException.Model -> record
        is HocbaException.Decode -> record
        is HocbaException.Validation -> record
        is HocbaException.Envelope -> record
        is HocbaException.Render -> record
        is HocbaException.Trust -> record
        is HocbaException.Other -> record
        is HocbaException.Internal -> record
    }

/** The core's error kind (ADR 0096) as Python's `HocbaError.kind` names it: `model`, `decode`,
 *  `validation`, `signature` (the `Envelope` variant), `trust`, `render`, `argument` (the
 *  `Other` variant); `internal` for a caught panic. The variant is the kind: hocba-ffi's
 *  `From<hocba_core::Error>` maps each kind to one variant. */
val HocbaException.kind: String
    get() = when (this) {
        is HocbaException.Model -> "model"
        is HocbaException.Decode -> "decode"
        is HocbaException.Validation -> "validation"
        is HocbaException.Envelope -> "signature"
        is HocbaException.Render -> "render"
        is HocbaException.Trust -> "trust"
        is HocbaException.Other -> "argument"
        is HocbaException.Internal -> "internal"
    }
