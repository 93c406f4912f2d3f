use std::collections::BTreeSet;

use app::server::db::{Backend, Db};

use crate::helpers::{POSTGRES_ENV, create_postgres_database, fresh_database};

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = fresh_database(dir.path()).await;

    db.migrate().await.expect("first run");
    let before = schema(&db).await;
    db.migrate().await.expect("second run");

    assert_eq!(schema(&db).await, before);
    let (known, applied) = db.migration_status().await.expect("status");
    assert_eq!(known, applied);
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_define_the_same_schema() {
    let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
        eprintln!("{POSTGRES_ENV} is not set: the schema comparison runs in the PostgreSQL pass");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = Db::connect(&app::server::db::sqlite_url(dir.path()), 1).await.expect("sqlite");
    let postgres =
        Db::connect(&create_postgres_database(&admin_url).await, 1).await.expect("postgres");
    sqlite.migrate().await.expect("migrate sqlite");
    postgres.migrate().await.expect("migrate postgres");

    assert_eq!(schema(&sqlite).await, schema(&postgres).await);
    assert_eq!(
        sqlite.migration_status().await.expect("sqlite status"),
        postgres.migration_status().await.expect("postgres status")
    );
}

/// Every (table, column) pair the migrations created, whatever the engine.
async fn schema(db: &Db) -> BTreeSet<(String, String)> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'"
        }
    };
    sqlx::query_as::<_, (String, String)>(sql)
        .fetch_all(db.pool())
        .await
        .expect("read the schema")
        .into_iter()
        .collect()
}
