// Hand-written companion of the generated bindings (Hocba.swift): accessors common to every
// HocbaError case, so callers can switch on the stable code without matching cases.

public extension HocbaError {
    /// The stable snake_case machine code, e.g. `json_syntax`; never changes once released.
    var code: String {
        switch self {
        case let .Model(code, _, _), let .Decode(code, _, _), let .Validation(code, _, _), let .Envelope(code, _, _), let .Render(code, _, _), let .Trust(code, _, _),
             let .Other(code, _, _), let .Internal(code, _, _):
            return code
        }
    }

    /// The message in English (no pupil data).
    var messageEn: String {
        switch self {
        case let .Model(_, message, _), let .Decode(_, message, _), let .Validation(_, message, _), let .Envelope(_, message, _), let .Render(_, message, _), let .Trust(_, message, _),
             let .Other(_, message, _), let .Internal(_, message, _):
            return message
        }
    }

    /// The message in Vietnamese (no pupil data).
    var messageVi: String {
        switch self {
        case let .Model(_, _, message), let .Decode(_, _, message), let .Validation(_, _, message), let .Envelope(_, _, message), let .Render(_, _, message), let .Trust(_, _, message),
             let .Other(_, _, message), let .Internal(_, _, message):
            return message
        }
    }
}
