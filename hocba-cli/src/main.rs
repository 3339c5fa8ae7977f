//! The `hocba` command.

fn main() {}
