//! Accounts on the server: the records behind organisations, users,
//! sessions and tokens. Callers outside this module reach them only through the
//! server functions and API handlers, which authorise first.

pub mod api_tokens;
pub mod invitations;
pub mod one_time_tokens;
pub mod organisations;
pub mod partners;
pub mod queries;
pub mod sessions;
pub mod sign_in;
pub mod users;

use crate::accounts::{ACCOUNTS_PAGE, AccountSearch};

/// The rows to fetch for a page of `search`: one more than a page (whether
/// another follows), and where the page starts.
fn window(search: &AccountSearch) -> (i64, i64) {
    let size = i64::from(ACCOUNTS_PAGE);
    (size + 1, i64::from(search.page).saturating_mul(size))
}

/// The page among rows fetched through `window`, and whether more follow.
fn one_page<T>(mut rows: Vec<T>) -> (Vec<T>, bool) {
    let more = rows.len() > ACCOUNTS_PAGE as usize;
    rows.truncate(ACCOUNTS_PAGE as usize);
    (rows, more)
}
