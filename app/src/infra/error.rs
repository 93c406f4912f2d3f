//! Errors of the server-side services. They keep their sources for the log;
//! at the edge they become an [`AppError`] that tells the user only what
//! helps them.

use crate::{error::AppError, infra::key_path::KeyPath};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A failure the caller can act on (bad input, missing record, ...).
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("search index error")]
    Search(#[from] tantivy::TantivyError),
    #[error("I/O error while {context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the application state was not provided to this request")]
    MissingState,
    #[error("configuration: {0}")]
    Config(String),
    /// A rule of a settings file broken at a known place: the file's reader
    /// turns it into a [`Config`](Self::Config) error that names the line.
    #[error("configuration: {at}: {message}")]
    Setting { at: KeyPath, message: String },
    #[error("sending email failed: {0}")]
    Mail(String),
}

impl ServerError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io { context: context.into(), source }
    }

    pub fn setting(at: KeyPath, message: impl Into<String>) -> Self {
        Self::Setting { at, message: message.into() }
    }
}

/// Walks an error's source chain into one line for the log.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    line
}

impl From<ServerError> for AppError {
    /// Internal failures are logged here, with their cause, and reach the
    /// user as a generic message. Unique-constraint violations are the
    /// caller's conflict, not our failure.
    fn from(error: ServerError) -> Self {
        match error {
            ServerError::App(app_error) => app_error,
            ServerError::Database(sqlx::Error::Database(ref db_error))
                if db_error.is_unique_violation() =>
            {
                AppError::Conflict("That already exists.".to_owned())
            }
            ServerError::Database(sqlx::Error::RowNotFound) => AppError::not_found("The record"),
            ref internal => {
                tracing::error!(error = %error_chain(internal), "request failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_hidden_from_users() {
        let io = std::io::Error::other("disk /var/lib/selfdesk is full");
        let app_error = AppError::from(ServerError::io("writing an upload", io));
        assert_eq!(app_error, AppError::Internal);
    }

    #[test]
    fn caller_errors_pass_through() {
        let app_error = AppError::from(ServerError::from(AppError::bad_request("q is empty")));
        assert_eq!(app_error, AppError::BadRequest("q is empty".into()));
    }

    #[test]
    fn error_chain_names_every_cause() {
        let io = std::io::Error::other("permission denied");
        let error = ServerError::io("opening the index", io);
        assert_eq!(error_chain(&error), "I/O error while opening the index: permission denied");
    }
}
