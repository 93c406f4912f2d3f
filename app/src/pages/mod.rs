//! One module per page (route view).

pub mod full_bundle;
pub mod home;
pub mod not_found;
