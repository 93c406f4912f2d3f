//! Many cases opened at once by one organisation spend exactly the points
//! there are: on SQLite here, on PostgreSQL in the PostgreSQL pass.

use std::sync::Arc;

use app::{
    accounts::server::organisations,
    entitlements::{
        Channel, LedgerKind,
        server::ledger::{self, NewLot, Spend},
    },
    error::AppError,
    infra::clock::Clock,
};
use tokio::sync::Barrier;

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_points_for_three_cases_exactly_three_of_twelve_simultaneous_cases_are_charged() {
    let app = spawn_app().await;
    let now = app.clock.now_ms();
    let org =
        organisations::create(&app.state.db, now, "Racing Ltd", "UTC", &[]).await.expect("org");
    // Two lots, so charges also straddle lots.
    for points in [15, 15] {
        let lot = NewLot {
            kind: LedgerKind::Pack,
            points,
            expires_at: now + 86_400_000,
            reason: "Pack",
            contract_number: None,
            actor: None,
        };
        ledger::grant(&app.state.db, org, now, lot).await.expect("grant");
    }

    // Twelve tasks on four threads, released together.
    let start = Arc::new(Barrier::new(12));
    let attempts: Vec<_> = (0..12)
        .map(|n| {
            let (db, start) = (app.state.db.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                let reference = format!("CASE-9000{n:02}");
                let spend = Spend {
                    case_reference: &reference,
                    channel: Channel::Web,
                    points: 10,
                    actor: None,
                    after_assessment: false,
                };
                ledger::charge_case(&db, org, now, spend).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for attempt in attempts {
        results.push(attempt.await.expect("the task finished"));
    }

    let charged = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(charged, 3, "{results:?}");
    for refusal in results.into_iter().filter_map(Result::err) {
        let message = AppError::from(refusal).to_string();
        assert!(
            message.contains("costs 10 points"),
            "refused for the balance, not a failure: {message}"
        );
    }
    let entries = ledger::entries(&app.state.db, org).await.expect("entries");
    assert_eq!(entries.last().map(|e| e.balance_after), Some(0));
    assert_eq!(entries.iter().map(|e| e.points).sum::<i64>(), 0);
}
