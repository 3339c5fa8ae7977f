//! docs/spec/rules.md == the registry.
