use std::collections::{BTreeMap, BTreeSet};

use app::infra::db::{Backend, Db};

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

// Needs PostgreSQL: the test command's PostgreSQL pass runs it
// (`--include-ignored`), and the SQLite pass lists it as ignored.
#[tokio::test]
#[ignore = "needs PostgreSQL (SELFDESK_TEST_POSTGRES_URL); the test command's PostgreSQL pass runs it"]
async fn sqlite_and_postgres_migrations_define_the_same_schema() {
    let admin_url = std::env::var(POSTGRES_ENV)
        .unwrap_or_else(|_| panic!("{POSTGRES_ENV} names the PostgreSQL server to compare with"));
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = Db::connect(&app::infra::db::sqlite_url(dir.path()), 1).await.expect("sqlite");
    let postgres =
        Db::connect(&create_postgres_database(&admin_url).await, 1).await.expect("postgres");
    sqlite.migrate().await.expect("migrate sqlite");
    postgres.migrate().await.expect("migrate postgres");

    let (in_sqlite, in_postgres) = (schema(&sqlite).await, schema(&postgres).await);
    let only_sqlite: Vec<_> = in_sqlite.difference(&in_postgres).collect();
    let only_postgres: Vec<_> = in_postgres.difference(&in_sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
    assert!(in_sqlite.iter().any(|fact| fact.starts_with("index ")), "indexes are compared");
    assert!(in_sqlite.iter().any(|fact| fact.starts_with("foreign key ")), "and foreign keys");
    assert!(in_sqlite.iter().any(|fact| fact.starts_with("checks ")), "and checks");
    assert_eq!(
        sqlite.migration_status().await.expect("sqlite status"),
        postgres.migration_status().await.expect("postgres status")
    );
}

/// What the migrations built, as facts both engines state alike: each
/// column with its kind of type, whether it may be null and whether it is
/// the key; each index by its columns, uniqueness and condition (not its
/// name: each engine names the ones it makes itself); each foreign key
/// with what deleting the row it names does; the CHECK constraints each
/// table has.
async fn schema(db: &Db) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let (columns, indexes, foreign_keys, checks) = match db.backend() {
        Backend::Sqlite => (SQLITE_COLUMNS, SQLITE_INDEXES, SQLITE_FOREIGN_KEYS, SQLITE_CHECKS),
        Backend::Postgres => (PG_COLUMNS, PG_INDEXES, PG_FOREIGN_KEYS, PG_CHECKS),
    };
    for (table, column, kind, not_null, key) in
        rows::<(String, String, String, i64, i64)>(db, columns).await
    {
        let kind = type_kind(&kind);
        // SQLite's INTEGER PRIMARY KEY may hold no null without saying so.
        let not_null = not_null != 0 || key != 0;
        facts
            .insert(format!("column {table}.{column} {kind} not_null={not_null} key={}", key != 0));
    }
    let mut by_index: BTreeMap<(String, String), (bool, String, Vec<String>)> = BTreeMap::new();
    for (table, index, unique, partial, column) in
        rows::<(String, String, i64, String, String)>(db, indexes).await
    {
        let entry = by_index.entry((table, index)).or_insert((unique != 0, partial, Vec::new()));
        entry.2.push(column);
    }
    for ((table, _), (unique, condition, columns)) in by_index {
        let condition = match db.backend() {
            // SQLite gives the whole statement, PostgreSQL the condition.
            Backend::Sqlite => condition
                .to_ascii_lowercase()
                .split_once(" where ")
                .map(|(_, condition)| condition.to_owned())
                .unwrap_or_default(),
            Backend::Postgres => condition.to_ascii_lowercase(),
        };
        let condition = normalise(&condition);
        facts.insert(format!(
            "index {table}({}) unique={unique} where={condition}",
            columns.join(",")
        ));
    }
    for (table, column, target, target_column, on_delete) in
        rows::<(String, String, String, String, String)>(db, foreign_keys).await
    {
        facts.insert(format!(
            "foreign key {table}.{column} -> {target}.{target_column} on delete {}",
            on_delete.to_ascii_lowercase()
        ));
    }
    for (table, sql) in rows::<(String, String)>(db, checks).await {
        let count = match db.backend() {
            Backend::Sqlite => check_constraints(&sql),
            Backend::Postgres => sql.parse().unwrap_or_default(),
        };
        if count > 0 {
            facts.insert(format!("checks {table} {count}"));
        }
    }
    facts
}

async fn rows<T>(db: &Db, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as::<_, T>(sql).fetch_all(db.pool()).await.unwrap_or_else(|e| panic!("{e}: {sql}"))
}

/// The CHECK constraints in a `CREATE TABLE`: the word, then `(`, outside
/// comments (the migrations comment their columns).
fn check_constraints(create_table: &str) -> usize {
    create_table
        .lines()
        .map(|line| line.split("--").next().unwrap_or_default().to_ascii_uppercase())
        .map(|code| {
            code.match_indices("CHECK")
                .filter(|(at, _)| code[at + 5..].trim_start().starts_with('('))
                .filter(|(at, _)| {
                    !code[..*at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
                .count()
        })
        .sum()
}

/// The kind of a column's type: SQLite's INTEGER is PostgreSQL's BIGINT.
fn type_kind(declared: &str) -> &'static str {
    let declared = declared.to_ascii_lowercase();
    if declared.contains("int") {
        "integer"
    } else if declared.contains("text") || declared.contains("char") {
        "text"
    } else if declared.contains("real") || declared.contains("double") {
        "real"
    } else {
        "other"
    }
}

/// An index's condition (lower case) without the spelling each engine
/// gives it.
fn normalise(condition: &str) -> String {
    condition
        .replace("::text", "")
        .replace("<> all (array[", "not in (")
        .replace("= any (array[", "in (")
        .replace([']', '(', ')', ' ', ';'], "")
}

const SQLITE_COLUMNS: &str = "SELECT t.name, p.name, p.type, p.\"notnull\", p.pk \
     FROM (SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations') t \
     JOIN pragma_table_info(t.name) p";

const SQLITE_INDEXES: &str = "SELECT t.name, l.name, l.\"unique\", \
     COALESCE((SELECT sql FROM sqlite_master WHERE type = 'index' AND name = l.name), ''), i.name \
     FROM (SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations') t \
     JOIN pragma_index_list(t.name) l JOIN pragma_index_info(l.name) i \
     WHERE l.origin <> 'pk' ORDER BY t.name, l.name, i.seqno";

const SQLITE_FOREIGN_KEYS: &str = "SELECT t.name, f.\"from\", f.\"table\", \
     COALESCE(f.\"to\", (SELECT name FROM pragma_table_info(f.\"table\") WHERE pk = 1)), f.on_delete \
     FROM (SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations') t \
     JOIN pragma_foreign_key_list(t.name) f";

const SQLITE_CHECKS: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'";

const PG_COLUMNS: &str = "SELECT CAST(c.table_name AS TEXT), CAST(c.column_name AS TEXT), \
     CAST(c.data_type AS TEXT), CAST(CASE WHEN c.is_nullable = 'NO' THEN 1 ELSE 0 END AS BIGINT), \
     CAST(CASE WHEN EXISTS (SELECT 1 FROM information_schema.table_constraints k \
       JOIN information_schema.key_column_usage u ON u.constraint_name = k.constraint_name \
       AND u.table_schema = k.table_schema \
       WHERE k.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema \
       AND k.table_name = c.table_name AND u.column_name = c.column_name) THEN 1 ELSE 0 END AS BIGINT) \
     FROM information_schema.columns c \
     WHERE c.table_schema = current_schema() AND c.table_name <> '_sqlx_migrations'";

const PG_INDEXES: &str = "SELECT CAST(t.relname AS TEXT), CAST(i.relname AS TEXT), \
     CAST(CASE WHEN x.indisunique THEN 1 ELSE 0 END AS BIGINT), \
     COALESCE(pg_get_expr(x.indpred, x.indrelid), ''), CAST(a.attname AS TEXT) \
     FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
     JOIN pg_namespace n ON n.oid = t.relnamespace \
     CROSS JOIN LATERAL unnest(CAST(x.indkey AS SMALLINT[])) WITH ORDINALITY AS k(attnum, position) \
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
     WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations' AND NOT x.indisprimary \
     ORDER BY t.relname, i.relname, k.position";

const PG_FOREIGN_KEYS: &str = "SELECT CAST(t.relname AS TEXT), CAST(a.attname AS TEXT), \
     CAST(ft.relname AS TEXT), CAST(fa.attname AS TEXT), \
     CAST(CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
       WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS TEXT) \
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class ft ON ft.oid = c.confrelid \
     JOIN pg_namespace n ON n.oid = c.connamespace \
     CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, fcol) \
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col \
     JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol \
     WHERE c.contype = 'f' AND n.nspname = current_schema()";

const PG_CHECKS: &str = "SELECT CAST(t.relname AS TEXT), CAST(COUNT(*) AS TEXT) \
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
     JOIN pg_namespace n ON n.oid = c.connamespace \
     WHERE c.contype = 'c' AND n.nspname = current_schema() GROUP BY t.relname";
