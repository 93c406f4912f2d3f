//! The case form as browsers post it: a multipart body, read by the form
//! reader the case form uses (its text parts, with the form's limits), and
//! the case JSON of the API.
#![no_main]

use axum::{
    body::Body,
    extract::{FromRequest, Multipart, Request},
    http::header::CONTENT_TYPE,
};
use libfuzzer_sys::fuzz_target;
use server::form::{FormLimits, read_text_parts};

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<app::cases::NewCase>(data);
    let request = Request::builder()
        .header(CONTENT_TYPE, "multipart/form-data; boundary=selfdesk-fuzz")
        .body(Body::from(data.to_vec()))
        .expect("a request");
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let _fields = runtime.block_on(async {
        let multipart = Multipart::from_request(request, &()).await.expect("multipart");
        read_text_parts(multipart, FormLimits::CASE_FORM).await
    });
});
