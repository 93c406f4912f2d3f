use super::*;
use crate::{
    accounts::server::organisations, entitlements::Channel, ids::OrganisationId,
    infra::db::test_database,
};

const DAY: i64 = 86_400_000;
const YEAR: i64 = 365 * DAY;
/// 2026-11-23 09:00 UTC.
const T0: i64 = 1_795_424_400_000;

async fn ledger_db() -> (tempfile::TempDir, Db, OrganisationId) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = test_database(dir.path()).await;
    let org = organisations::create(&db, T0, "Acme", "UTC", &[]).await.expect("organisation");
    (dir, db, org)
}

async fn grant_lot(db: &Db, org: OrganisationId, at: i64, points: i64, expires_at: i64) -> i64 {
    let lot = NewLot {
        kind: LedgerKind::Pack,
        points,
        expires_at,
        reason: "Pack",
        contract_number: None,
        actor: None,
    };
    grant(db, org, at, lot).await.expect("grant")
}

async fn charge(
    db: &Db,
    org: OrganisationId,
    at: i64,
    reference: &str,
    points: i64,
) -> Result<i64, ServerError> {
    let spend = Spend {
        case_reference: reference,
        channel: Channel::Web,
        points,
        actor: None,
        after_assessment: false,
    };
    charge_case(db, org, at, spend).await
}

async fn remaining(db: &Db, org: OrganisationId) -> Vec<(i64, i64)> {
    let mut conn = db.pool().acquire().await.expect("connection");
    let lots = lots_with_points(&mut conn, org).await.expect("lots");
    lots.into_iter().map(|lot| (lot.id, lot.remaining)).collect()
}

async fn current_balance(db: &Db, org: OrganisationId) -> i64 {
    let mut conn = db.pool().acquire().await.expect("connection");
    balance(&mut conn, org).await.expect("balance")
}

/// The balance each entry stores equals the running sum of the entries.
fn assert_derivable(entries: &[LedgerEntry]) {
    let mut running = 0;
    for entry in entries {
        running += entry.points;
        assert_eq!(entry.balance_after, running, "entry {entry:?}");
        assert!(entry.balance_after >= 0);
    }
}

#[tokio::test]
async fn charges_take_the_oldest_points_first_and_the_balance_follows_the_entries() {
    let (_dir, db, org) = ledger_db().await;
    let older = grant_lot(&db, org, T0, 15, T0 + YEAR).await;
    let newer = grant_lot(&db, org, T0 + DAY, 50, T0 + DAY + YEAR).await;
    charge(&db, org, T0 + 2 * DAY, "CASE-000001", 10).await.expect("first charge");
    charge(&db, org, T0 + 2 * DAY, "CASE-000002", 10).await.expect("second charge");
    assert_eq!(remaining(&db, org).await, vec![(newer, 45)], "the older lot is used up first");
    assert_eq!(current_balance(&db, org).await, 45);
    let entries = entries(&db, org).await.expect("entries");
    assert_derivable(&entries);
    let charges = case_charges(&entries);
    assert_eq!(charges.len(), 2);
    assert!(charges.iter().all(|c| c.points == 10 && !c.refunded));
    assert_ne!(older, newer);
}

#[tokio::test]
async fn a_charge_beyond_the_balance_is_refused_and_writes_nothing() {
    let (_dir, db, org) = ledger_db().await;
    grant_lot(&db, org, T0, 25, T0 + YEAR).await;
    charge(&db, org, T0, "CASE-000001", 20).await.expect("charge");
    let error = charge(&db, org, T0, "CASE-000002", 10).await.expect_err("refused");
    let message = AppError::from(error).to_string();
    assert!(message.contains("costs 10 points and your organisation has 5"), "{message}");
    assert_eq!(entries(&db, org).await.expect("entries").len(), 2);
    let again = charge(&db, org, T0, "CASE-000001", 1).await.expect_err("refused");
    assert!(AppError::from(again).to_string().contains("already been charged"));
}

#[tokio::test]
async fn points_expire_a_year_after_their_grant_once() {
    let (_dir, db, org) = ledger_db().await;
    grant_lot(&db, org, T0, 50, T0 + YEAR).await;
    charge(&db, org, T0 + DAY, "CASE-000001", 30).await.expect("charge");
    let mut tx = begin(&db, org).await.expect("begin");
    settle_expiries(&mut tx, org, T0 + YEAR - 1).await.expect("settle");
    settle_expiries(&mut tx, org, T0 + YEAR).await.expect("settle");
    settle_expiries(&mut tx, org, T0 + YEAR + DAY).await.expect("settle again");
    tx.commit().await.expect("commit");
    let entries = entries(&db, org).await.expect("entries");
    let expiries: Vec<_> = entries.iter().filter(|e| e.kind == LedgerKind::Expiry).collect();
    assert_eq!(expiries.len(), 1);
    assert_eq!(expiries[0].points, -20);
    assert_eq!(current_balance(&db, org).await, 0);
    assert_derivable(&entries);
    let refused = charge(&db, org, T0 + YEAR + DAY, "CASE-000002", 10).await;
    assert!(refused.is_err(), "expired points cannot be spent");
}

#[tokio::test]
async fn refunds_return_points_to_their_lots_once() {
    let (_dir, db, org) = ledger_db().await;
    let lot = grant_lot(&db, org, T0, 50, T0 + YEAR).await;
    charge(&db, org, T0, "CASE-000001", 10).await.expect("charge");
    refund_case(&db, org, T0 + DAY, "CASE-000001", YEAR, None).await.expect("refund");
    assert_eq!(remaining(&db, org).await, vec![(lot, 50)]);
    let twice =
        refund_case(&db, org, T0 + DAY, "CASE-000001", YEAR, None).await.expect_err("refused");
    assert!(AppError::from(twice).to_string().contains("already been refunded"));
    let unknown = refund_case(&db, org, T0, "CASE-999999", YEAR, None).await.expect_err("refused");
    assert!(matches!(AppError::from(unknown), AppError::NotFound(_)));
    assert!(case_charges(&entries(&db, org).await.expect("entries"))[0].refunded);
}

#[tokio::test]
async fn points_of_an_expired_lot_come_back_as_a_new_lot() {
    let (_dir, db, org) = ledger_db().await;
    grant_lot(&db, org, T0, 10, T0 + DAY).await;
    grant_lot(&db, org, T0, 10, T0 + YEAR).await;
    charge(&db, org, T0, "CASE-000001", 10).await.expect("charge");
    let later = T0 + 2 * DAY;
    let refund = refund_case(&db, org, later, "CASE-000001", YEAR, None).await.expect("refund");
    let lots = remaining(&db, org).await;
    assert_eq!(lots.len(), 2);
    assert!(lots.contains(&(refund, 10)), "{lots:?}");
    assert_eq!(current_balance(&db, org).await, 20);
    assert_derivable(&entries(&db, org).await.expect("entries"));
}

#[tokio::test]
async fn adjustments_need_a_reason_and_never_go_below_zero() {
    let (_dir, db, org) = ledger_db().await;
    grant_lot(&db, org, T0, 20, T0 + YEAR).await;
    assert!(adjust(&db, org, T0, 5, " ", YEAR, None).await.is_err());
    assert!(adjust(&db, org, T0, 0, "nothing", YEAR, None).await.is_err());
    let error = adjust(&db, org, T0, -21, "typo", YEAR, None).await.expect_err("refused");
    assert!(AppError::from(error).to_string().contains("Only 20 points are left"));
    adjust(&db, org, T0, -5, "Goodwill reversed", YEAR, None).await.expect("remove");
    adjust(&db, org, T0, 7, "Goodwill", YEAR, None).await.expect("add");
    assert_eq!(current_balance(&db, org).await, 22);
}

#[tokio::test]
async fn the_ledger_refuses_updates_and_deletes() {
    let (_dir, db, org) = ledger_db().await;
    grant_lot(&db, org, T0, 20, T0 + YEAR).await;
    let update = sqlx::query("UPDATE ledger_entries SET points = 1000").execute(db.pool()).await;
    assert!(update.is_err());
    let delete = sqlx::query("DELETE FROM ledger_allocations").execute(db.pool()).await;
    assert!(delete.is_err());
    assert_eq!(current_balance(&db, org).await, 20);
}
