//! What readers type into search (see `server::fuzzing::search_query`).
#![no_main]

libfuzzer_sys::fuzz_target!(|query: &str| server::fuzzing::search_query(query));
