//! Accounts on the server: the records behind organisations, users,
//! sessions and tokens. Callers outside this module reach them only through the
//! server functions and API handlers, which authorise first.

pub mod api_tokens;
pub mod invitations;
pub mod one_time_tokens;
pub mod organisations;
pub mod queries;
pub mod sessions;
pub mod sign_in;
pub mod users;
