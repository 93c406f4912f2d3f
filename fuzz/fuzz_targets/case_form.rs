//! The case form as browsers post it (see `server::fuzzing::case_form`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzzing::case_form(data));
