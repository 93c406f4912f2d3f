//! The security pass: each test names the hole it closes and fails
//! without the fix.

mod anonymous_writes;
mod bodies;
mod cross_organisation;
mod csrf;
mod get_writes;
mod headers;
mod ledger;
mod malformed;
mod moved_customer;
mod password_reset;
mod quotas;
mod resolve_refund;
mod server_functions;
mod sign_in;
mod tokens;
mod xss;
