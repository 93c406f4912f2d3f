//! The database: SQLite by default, PostgreSQL when several servers share one.
//!
//! One pool of sqlx's `Any` driver serves both, so every query is written
//! once. Queries stick to SQL both engines read alike, with `$1` placeholders,
//! and to the column types the `Any` driver maps on both: integers (booleans
//! as 0/1, instants as Unix milliseconds), text, floats and blobs. Where the
//! schema itself must differ, each engine has its own migrations folder with
//! the same versions and the same meaning (see `migrations/README.md`).

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    AnyPool, Executor,
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::Migrator,
};

use super::error::ServerError;
use crate::error::AppError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Chooses the engine from the URL scheme.
    pub fn from_url(url: &str) -> Result<Self, AppError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            Err(AppError::bad_request("The database URL must start with sqlite: or postgres:"))
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// A query on either engine, for helpers that bind the same columns to several statements.
pub type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// A transaction on the shared pool, handed to the functions that write
/// inside a caller's transaction.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A `LIKE ... ESCAPE '\'` pattern matching text that contains `words`
/// (lower-cased, as the columns it is compared with): `%` and `_` typed by
/// a person match themselves.
pub fn contains_pattern(words: &str) -> String {
    let mut pattern = String::from("%");
    for c in words.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The default database: a SQLite file in the data directory, created on first use.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("selfdesk.db").display())
}

/// A pool of connections to the one database, shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, ServerError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Foreign keys are per connection in SQLite; NORMAL
                        // sync is durable in WAL mode and much faster.
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            // WAL lets readers run while one writer writes; the setting is
            // stored in the database file, so once is enough.
            pool.execute("PRAGMA journal_mode = WAL;").await?;
        }
        Ok(Self { pool, backend })
    }

    /// Brings the schema up to date. Safe to run from several servers at
    /// once: sqlx takes a database lock while it migrates.
    pub async fn migrate(&self) -> Result<(), ServerError> {
        if self.backend == Backend::Postgres {
            self.backend.migrator().run(&self.pool).await?;
            return Ok(());
        }
        // SQLite changes a table's constraints by rebuilding it, which it
        // allows only with foreign keys off (they cannot be turned off
        // inside the migration's transaction); they are checked after.
        let mut conn = self.pool.acquire().await?;
        (&mut *conn).execute("PRAGMA foreign_keys = OFF;").await?;
        let migrated = self.backend.migrator().run(&mut *conn).await;
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&mut *conn)
                .await?;
        (&mut *conn).execute("PRAGMA foreign_keys = ON;").await?;
        migrated?;
        match broken.first() {
            None => Ok(()),
            Some((table,)) => Err(ServerError::Config(format!(
                "the migrated database has rows in {table} that refer to missing rows"
            ))),
        }
    }

    /// The number of migrations this build knows, and how many the database has applied.
    pub async fn migration_status(&self) -> Result<(usize, usize), ServerError> {
        let known = self.backend.migrator().iter().count();
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok((known, usize::try_from(applied).unwrap_or_default()))
    }

    /// Answers when the database does; used by the health check.
    pub async fn ping(&self) -> Result<(), ServerError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Waits for connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Turns a unique-constraint violation into a conflict the caller can act
/// on (the message says what already exists); other errors pass through.
pub fn conflict_if_duplicate<T>(
    result: Result<T, sqlx::Error>,
    message: impl FnOnce() -> String,
) -> Result<T, ServerError> {
    match result {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(AppError::Conflict(message()).into())
        }
        other => Ok(other?),
    }
}

/// A migrated SQLite database in `dir`: the one set-up of the unit tests
/// that need a database (the integration tests have their own, which can
/// point at PostgreSQL).
#[cfg(test)]
pub async fn test_database(dir: &Path) -> Db {
    let db = Db::connect(&sqlite_url(dir), 4).await.expect("connect to the test database");
    db.migrate().await.expect("migrate the test database");
    db
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contains_pattern_matches_the_words_literally() {
        assert_eq!(contains_pattern(" Acme "), "%acme%");
        assert_eq!(contains_pattern(""), "%%");
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn the_engine_follows_the_url_scheme() {
        assert_eq!(Backend::from_url("sqlite://data/x.db"), Ok(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@h/db"), Ok(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://u@h/db"), Ok(Backend::Postgres));
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn the_default_database_lives_in_the_data_directory() {
        let url = sqlite_url(Path::new("/srv/selfdesk"));
        assert_eq!(url, "sqlite:///srv/selfdesk/selfdesk.db?mode=rwc");
    }

    #[tokio::test]
    async fn a_new_sqlite_database_is_created_in_wal_mode() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = test_database(dir.path()).await;
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(db.pool())
            .await
            .expect("journal mode");
        assert_eq!(mode, "wal");
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(db.pool())
            .await
            .expect("foreign keys");
        assert_eq!(foreign_keys, 1);
        assert!(dir.path().join("selfdesk.db").exists());
    }

    // 0013 rebuilds `cases` to allow five severities and holds: the rows and every
    // reference to them survive, and foreign keys are on again after.
    #[tokio::test]
    async fn rebuilding_a_table_keeps_its_rows_and_the_rows_that_refer_to_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::connect(&sqlite_url(dir.path()), 2).await.expect("connect");
        let mut before = Migrator::DEFAULT;
        before.migrations = SQLITE_MIGRATIONS.migrations[..12].to_vec().into();
        before.run(db.pool()).await.expect("the migrations before the rebuild");
        let run = |sql: &'static str| async { sqlx::query(sql).execute(db.pool()).await };
        for sql in [
            "INSERT INTO organisations (id, name, name_key, time_zone, created_at) VALUES (1, 'A', 'a', 'UTC', 0)",
            "INSERT INTO users (id, email, name, role, organisation_id, created_at, updated_at) VALUES (1, 'a@a.example', 'A', 'customer', 1, 0, 0)",
            "INSERT INTO cases (id, reference, organisation_id, contact_user_id, opened_by_user_id, channel, case_type, severity, subject, description, product_key, created_at, updated_at, workaround_at) VALUES (7, 'CASE-000007', 1, 1, 1, 'web', 'question', '3', 'S', 'D', 'p', 0, 0, 5)",
            "INSERT INTO case_events (case_id, kind, created_at) VALUES (7, 'opened', 0)",
        ] {
            run(sql).await.expect(sql);
        }

        db.migrate().await.expect("the rebuild");

        let kept: (String, i64, i64) = sqlx::query_as(
            "SELECT c.reference, c.workaround_at, COUNT(e.id) FROM cases c JOIN case_events e ON e.case_id = c.id GROUP BY c.id",
        )
        .fetch_one(db.pool())
        .await
        .expect("the case and its event");
        assert_eq!(kept, ("CASE-000007".to_owned(), 5, 1));
        let fourth = "INSERT INTO cases (reference, organisation_id, contact_user_id, opened_by_user_id, channel, case_type, severity, subject, description, product_key, created_at, updated_at) VALUES ('CASE-000008', 1, 1, 1, 'web', 'question', '4', 'S', 'D', 'p', 0, 0)";
        run(fourth).await.expect("a fourth severity");
        let sixth = "INSERT INTO cases (reference, organisation_id, contact_user_id, opened_by_user_id, channel, case_type, severity, subject, description, product_key, created_at, updated_at) VALUES ('CASE-000009', 1, 1, 1, 'web', 'question', '6', 'S', 'D', 'p', 0, 0)";
        assert!(run(sixth).await.is_err(), "five severities at most");
        let orphan = "INSERT INTO case_events (case_id, kind, created_at) VALUES (99, 'opened', 0)";
        assert!(run(orphan).await.is_err(), "foreign keys are enforced again");
    }
}
