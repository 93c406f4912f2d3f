//! Article files as an import reads them (see `server::fuzzing::front_matter`).
#![no_main]

libfuzzer_sys::fuzz_target!(|source: &str| server::fuzzing::front_matter(source));
