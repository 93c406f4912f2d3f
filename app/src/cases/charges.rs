//! What a case costs beyond what its plan takes at filing: the engineer's
//! decision after assessing it (Calyptix: "we will make the assessment and
//! will let you know whether something will incur a charge or not"), paid
//! tickets at an hourly rate (Kolmisoft: "Our hourly rate is 100 EUR/h"),
//! and the time engineers record on cases. Selfdesk records what is owed;
//! payment itself happens outside the portal.

use serde::{Deserialize, Serialize};

use crate::words::word_enum;

word_enum!(
    /// How a case is paid for.
    Billing, "billing" {
        Plan = "plan", "Under the plan";
        Assessed = "assessed", "Decided after the assessment";
        Hourly = "hourly", "Paid ticket, by the hour";
    }
);

word_enum!(
    /// What the engineer decided a case costs.
    ChargeKind, "charge decision" {
        Covered = "covered", "Covered by the plan";
        Points = "points", "Charged in points";
        Billable = "billable", "Billable at the hourly rate";
        ProductBug = "product_bug", "A product problem: never charged";
    }
);

impl ChargeKind {
    /// What the decision costs, in words: "5 points", "billable at 100
    /// EUR/h", "covered by the plan".
    pub fn cost(self, points: i64, rate: Option<&HourlyRate>) -> String {
        match (self, rate) {
            (Self::Points, _) => format!("{points} points"),
            (Self::Billable, Some(rate)) => format!("billable at {}", rate.label()),
            (kind, _) => kind.label().to_lowercase(),
        }
    }
}

word_enum!(
    /// The customer's answer to a charge.
    ChargeAnswer, "answer" {
        Accepted = "accepted", "Accepted";
        Declined = "declined", "Declined";
    }
);

word_enum!(
    /// What the customer says to a charge.
    ChargeReplyWord, "answer" {
        Accept = "accept", "Go ahead";
        Decline = "decline", "No thanks";
    }
);

word_enum!(
    /// What an engineer does with the case's time.
    TimeAction, "time action" {
        Start = "start", "Start the clock";
        Stop = "stop", "Stop the clock";
        Enter = "enter", "Enter time spent";
    }
);

/// A price per hour, in whole units of its currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HourlyRate {
    pub amount: i64,
    /// ISO 4217 ("EUR").
    pub currency: String,
}

impl HourlyRate {
    /// "100 EUR/h".
    pub fn label(&self) -> String {
        format!("{} {}/h", self.amount, self.currency)
    }

    /// What `minutes` cost at this rate, in cents, rounded half up.
    pub fn cents_for(&self, minutes: i64) -> i64 {
        (minutes * self.amount * 100 + 30) / 60
    }
}

/// An amount in cents as "166.67 EUR" (integer arithmetic: no float
/// formatting in the browser's bundle).
pub fn money(cents: i64, currency: &str) -> String {
    format!("{}.{:02} {currency}", cents / 100, cents % 100)
}

/// Minutes as hours and minutes: "1 h 05 min".
pub fn hours(minutes: i64) -> String {
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

/// The engineer's decision on what a case costs, and the customer's
/// answer where one is needed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChargeDecision {
    pub kind: ChargeKind,
    /// For `points`: what the case will take from the balance.
    pub points: i64,
    /// Why, as the customer reads it.
    pub reason: String,
    pub decided_by: String,
    pub decided_at: i64,
    pub answer: Option<ChargeAnswer>,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
}

impl ChargeDecision {
    /// Whether the decision waits for the customer: a charge is never
    /// taken before they say go ahead.
    pub fn awaits_answer(&self) -> bool {
        self.answer.is_none() && matches!(self.kind, ChargeKind::Points | ChargeKind::Billable)
    }
}

/// An engineer's decision, as forms and the API send it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(example = json!({"decision": "points", "points": 1, "reason": "Setting up DNS for the client's mail server is outside the product."})))]
#[serde(deny_unknown_fields)]
pub struct NewChargeDecision {
    pub decision: ChargeKind,
    #[serde(default)]
    pub points: i64,
    #[serde(default)]
    pub reason: String,
}

/// The customer's answer to a charge: `accept` ("go ahead") or `decline`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(example = json!({"answer": "accept"})))]
#[serde(deny_unknown_fields)]
pub struct ChargeReply {
    pub answer: ChargeReplyWord,
}

/// Time an engineer spent on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimeEntry {
    pub id: i64,
    pub engineer: String,
    pub started_at: i64,
    /// `None` while the clock runs.
    pub minutes: Option<i64>,
    pub billable: bool,
    pub note: String,
}

/// Time recorded on a case: the clock started or stopped, or minutes
/// entered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(example = json!({"action": "enter", "minutes": 45, "billable": true, "note": "Reconfigured the SIP trunk."})))]
#[serde(deny_unknown_fields)]
pub struct NewTime {
    pub action: TimeAction,
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    pub billable: bool,
    #[serde(default)]
    pub note: String,
}

/// How the case is paid for, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseBilling {
    pub billing: Billing,
    /// The rate the customer accepted, or else the one the policy offers.
    pub rate: Option<HourlyRate>,
    pub decision: Option<ChargeDecision>,
    /// Whether the viewer answers the decision now: it waits for an answer
    /// and they belong to the organisation whose entitlement pays.
    pub answerable: bool,
    /// Engineers see every entry; customers the billable ones.
    pub time: Vec<TimeEntry>,
    pub billable_minutes: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_whole_cents_rounded_half_up() {
        let rate = HourlyRate { amount: 100, currency: "EUR".into() };
        assert_eq!(rate.cents_for(60), 10_000);
        assert_eq!(rate.cents_for(100), 16_667);
        assert_eq!(rate.cents_for(1), 167);
        assert_eq!(money(rate.cents_for(100), "EUR"), "166.67 EUR");
        assert_eq!(hours(65), "1 h 05 min");
        assert_eq!(rate.label(), "100 EUR/h");
    }
}
