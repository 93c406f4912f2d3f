//! The server's integration tests: the whole HTTP app driven in-process,
//! and the `selfdesk` binary for what only a process shows. Each test gets a
//! fresh data directory and database: SQLite, or PostgreSQL when
//! `SELFDESK_TEST_POSTGRES_URL` points at a server (see the README).

mod accounts;
mod binary;
mod browser;
mod cases;
mod database;
mod entitlements;
mod fuzz_inputs;
mod health;
mod helpers;
mod kb;
mod metrics;
mod openapi;
mod pages;
mod policies;
mod problems;
mod security;
mod static_files;
