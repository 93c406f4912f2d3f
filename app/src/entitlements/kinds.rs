//! The small vocabularies of entitlements, each stored and sent as a word.

use crate::words::word_enum;

word_enum!(
    /// Whether cases on a plan spend points or are covered by the plan.
    PlanKind, "plan kind" {
        Points = "points", "Points";
        Priority = "priority", "Priority (no points)";
    }
);

word_enum!(
    /// How soon a plan's cases are taken up, lowest first.
    Priority, "priority" {
        Lowest = "lowest", "Lowest";
        Normal = "normal", "Normal";
        High = "high", "High";
        Highest = "highest", "Highest";
    }
);

word_enum!(
    /// When support answers: business hours on weekdays, or always.
    Availability, "availability" {
        EightByFive = "8x5", "8x5 (business hours, weekdays)";
        TwelveByFive = "12x5", "12x5 (extended hours, weekdays)";
        AroundTheClock = "24x7", "24x7 (always)";
    }
);

word_enum!(
    /// How a case reached support; each has its points cost.
    Channel, "channel" {
        Web = "web", "Web";
        Email = "email", "Email";
        Phone = "phone", "Phone";
    }
);

word_enum!(
    /// What a ledger entry records.
    LedgerKind, "ledger entry kind" {
        Grant = "grant", "Plan points";
        Pack = "pack", "Points pack";
        Debit = "debit", "Case";
        Refund = "refund", "Refund";
        Expiry = "expiry", "Expired";
        Adjustment = "adjustment", "Adjustment";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_unknown_words_are_named() {
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(*channel));
        }
        assert_eq!(" 24X7 ".parse::<Availability>(), Ok(Availability::AroundTheClock));
        let error = "fax".parse::<Channel>().expect_err("refused");
        assert_eq!(error.to_string(), "Unknown channel \"fax\": use web, email, phone.");
    }

    #[test]
    fn json_uses_the_stored_words() {
        let json = serde_json::to_string(&Availability::TwelveByFive).expect("serialize");
        assert_eq!(json, "\"12x5\"");
        assert!(Priority::Highest > Priority::Normal);
    }
}
