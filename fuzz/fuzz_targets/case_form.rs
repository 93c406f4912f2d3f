//! The case form as browsers post it: a multipart body (read field by
//! field with the form's limits), and the case JSON of the API.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<app::cases::NewCase>(data);
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let _fields = runtime.block_on(server::multipart::read_all_text_fields(
        "selfdesk-fuzz",
        data.to_vec(),
        64 * 1024,
    ));
});
