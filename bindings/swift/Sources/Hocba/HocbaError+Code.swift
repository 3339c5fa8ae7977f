// Hand-written companion of the generated bindings (Hocba.swift): accessors common to every
// HocbaError case, so callers can switch on the stable code without matching cases.

public extension HocbaError {
    /// The stable snake_case machine code, e.g. `json_syntax`; never changes once released.
    var code: String {
        switch self {
        case let .Model(code, _, _, _, _), let .Decode(code, _, _, _, _), let .Validation(code, _, _, _, _), let .Envelope(code, _, _, _, _), let .Render(code, _, _, _, _), let .Trust(code, _, _, _, _),
             let .Other(code, _, _, _, _), let .Internal(code, _, _, _, _):
            return code
        }
    }

    /// The message in English (no pupil data).
    var messageEn: String {
        switch self {
        case let .Model(_, message, _, _, _), let .Decode(_, message, _, _, _), let .Validation(_, message, _, _, _), let .Envelope(_, message, _, _, _), let .Render(_, message, _, _, _), let .Trust(_, message, _, _, _),
             let .Other(_, message, _, _, _), let .Internal(_, message, _, _, _):
            return message
        }
    }

    /// The message in Vietnamese (no pupil data).
    var messageVi: String {
        switch self {
        case let .Model(_, _, message, _, _), let .Decode(_, _, message, _, _), let .Validation(_, _, message, _, _), let .Envelope(_, _, message, _, _), let .Render(_, _, message, _, _), let .Trust(_, _, message, _, _),
             let .Other(_, _, message, _, _), let .Internal(_, _, message, _, _):
            return message
        }
    }

    /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the core
    /// knows it: the core's `Error::path()`, the same as Python's `.path`.
    var path: String? {
        switch self {
        case let .Model(_, _, _, path, _), let .Decode(_, _, _, path, _), let .Validation(_, _, _, path, _), let .Envelope(_, _, _, path, _), let .Render(_, _, _, path, _), let .Trust(_, _, _, path, _),
             let .Other(_, _, _, path, _), let .Internal(_, _, _, path, _):
            return path
        }
    }

    /// Which of several inputs the error is about (0-based, in the order given), when a function
    /// taking several could not read one (`TrustStore.verifyXmlTranscript`): the core's
    /// `RecordError::index`, the same as Python's `.record`.
    var record: UInt32? {
        switch self {
        case let .Model(_, _, _, _, record), let .Decode(_, _, _, _, record), let .Validation(_, _, _, _, record), let .Envelope(_, _, _, _, record), let .Render(_, _, _, _, record), let .Trust(_, _, _, _, record),
             let .Other(_, _, _, _, record), let .Internal(_, _, _, _, record):
            return record
        }
    }

    /// The core's error kind (ADR 0096) as Python's `HocbaError.kind` names it: `model`,
    /// `decode`, `validation`, `signature` (the `Envelope` case), `trust`, `render`,
    /// `argument` (the `Other` case); `internal` for a caught panic. The case is the kind:
    /// hocba-ffi's `From<hocba_core::Error>` maps each kind to one case.
    var kind: String {
        switch self {
        case .Model: return "model"
        case .Decode: return "decode"
        case .Validation: return "validation"
        case .Envelope: return "signature"
        case .Trust: return "trust"
        case .Render: return "render"
        case .Other: return "argument"
        case .Internal: return "internal"
        }
    }
}
