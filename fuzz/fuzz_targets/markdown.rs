//! Article Markdown, rendered and sanitised (see `server::fuzzing::markdown`).
#![no_main]

libfuzzer_sys::fuzz_target!(|markdown: &str| server::fuzzing::markdown(markdown));
