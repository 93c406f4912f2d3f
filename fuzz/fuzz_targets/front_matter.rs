//! Article files as an import reads them: front matter (YAML or TOML)
//! and the fields derived from it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    if let Ok(document) = app::markdown::front_matter::parse(source) {
        let front = &document.front;
        for value in [&front.updated].into_iter().flatten() {
            app::kb::server::import::date_ms(value);
        }
        assert!(document.body.len() <= source.len());
    }
});
