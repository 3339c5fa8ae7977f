//! Property tests: `validate` never panics, and the derived values and the validator agree.
