//! What an organisation owes beyond its points, and what it questions:
//! billable hours beside the points on the ledger, and disputes of a
//! charge that staff answer. Selfdesk records what is owed; payment is
//! arranged outside the portal.

use serde::{Deserialize, Serialize};

use crate::{cases::charges::HourlyRate, words::word_enum};

word_enum!(
    /// Staff's answer to a dispute.
    DisputeAnswer, "dispute answer" {
        Upheld = "upheld", "Charge upheld";
        Refunded = "refunded", "Points given back";
    }
);

word_enum!(
    /// What staff say to a dispute.
    DisputeVerdict, "verdict" {
        Uphold = "uphold", "Uphold the charge";
        Refund = "refund", "Give the points back";
    }
);

/// An account holder's dispute of a charge, and staff's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Dispute {
    pub id: i64,
    /// The ledger entry (a case's charge) disputed.
    pub entry_id: i64,
    pub case_reference: Option<String>,
    pub points: i64,
    pub reason: String,
    pub raised_by: String,
    pub raised_at: i64,
    pub answer: Option<DisputeAnswer>,
    pub answer_text: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
}

/// A dispute as an account holder raises it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(example = json!({"entry_id": 42, "reason": "The problem was the appliance's firmware, not our DNS."})))]
#[serde(deny_unknown_fields)]
pub struct NewDispute {
    pub entry_id: i64,
    #[serde(default)]
    pub reason: String,
}

/// Staff's answer: `uphold` (saying why) or `refund`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(example = json!({"answer": "refund", "text": "Agreed: the firmware caused it."})))]
#[serde(deny_unknown_fields)]
pub struct DisputeReply {
    pub answer: DisputeVerdict,
    #[serde(default)]
    pub text: String,
}

/// Billable time of one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BillableEntry {
    pub case_reference: String,
    pub subject: String,
    pub started_at: i64,
    pub minutes: i64,
    pub engineer: String,
    pub note: String,
    pub rate: HourlyRate,
    /// What the minutes cost at the rate, in cents.
    pub cents: i64,
}

/// A total of billable time: of a case, or of a month ("2026-12").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BillableTotal {
    pub label: String,
    pub minutes: i64,
    pub cents: i64,
    pub currency: String,
}

/// The organisation's billable time: every entry, and totals per case and
/// per month (UTC).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BillableTime {
    pub entries: Vec<BillableEntry>,
    pub cases: Vec<BillableTotal>,
    pub months: Vec<BillableTotal>,
}

impl BillableTime {
    /// Totals the entries (oldest first) per case and per month.
    pub fn of(entries: Vec<BillableEntry>) -> Self {
        let mut cases: Vec<BillableTotal> = Vec::new();
        let mut months: Vec<BillableTotal> = Vec::new();
        for entry in &entries {
            let month = crate::format::date(entry.started_at)[..7].to_owned();
            add(&mut cases, &entry.case_reference, entry);
            add(&mut months, &month, entry);
        }
        Self { entries, cases, months }
    }
}

fn add(totals: &mut Vec<BillableTotal>, label: &str, entry: &BillableEntry) {
    let currency = &entry.rate.currency;
    match totals.iter_mut().find(|t| t.label == label && &t.currency == currency) {
        Some(total) => {
            total.minutes += entry.minutes;
            total.cents += entry.cents;
        }
        None => totals.push(BillableTotal {
            label: label.to_owned(),
            minutes: entry.minutes,
            cents: entry.cents,
            currency: currency.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(case: &str, day_ms: i64, minutes: i64) -> BillableEntry {
        let rate = HourlyRate { amount: 100, currency: "EUR".into() };
        BillableEntry {
            case_reference: case.into(),
            subject: String::new(),
            started_at: day_ms,
            minutes,
            engineer: String::new(),
            note: String::new(),
            cents: rate.cents_for(minutes),
            rate,
        }
    }

    #[test]
    fn time_is_totalled_per_case_and_per_month() {
        let november = 1_795_363_500_000; // 2026-11-22
        let december = november + 14 * 86_400_000;
        let time = BillableTime::of(vec![
            entry("CASE-000001", november, 30),
            entry("CASE-000002", december, 90),
            entry("CASE-000001", december, 60),
        ]);
        let totals = |list: &[BillableTotal]| -> Vec<(String, i64, i64)> {
            list.iter().map(|t| (t.label.clone(), t.minutes, t.cents)).collect()
        };
        assert_eq!(
            totals(&time.cases),
            [("CASE-000001".into(), 90, 15_000), ("CASE-000002".into(), 90, 15_000)]
        );
        assert_eq!(
            totals(&time.months),
            [("2026-11".into(), 30, 5_000), ("2026-12".into(), 150, 25_000)]
        );
    }
}
