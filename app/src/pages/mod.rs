//! One module per page (route view).

pub mod home;
pub mod not_found;
