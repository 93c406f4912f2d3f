//! What readers type into search: phrases, fields, error codes, anything.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|query: &str| {
    let parsed = app::kb::search::parse(query);
    // Parsing is total: whatever was typed gives some query, never a panic.
    let _ = format!("{parsed:?}");
});
