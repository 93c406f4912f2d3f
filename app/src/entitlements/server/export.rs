//! The ledger as CSV, for the account holder's spreadsheet.

use crate::{
    cases::charges::money,
    entitlements::{LedgerEntry, owed::BillableTime},
    format,
    infra::error::ServerError,
};

const HEADER: [&str; 9] =
    ["date", "kind", "points", "balance", "case", "channel", "reason", "expires", "recorded_by"];

/// One row per entry, oldest first, times in UTC.
pub fn ledger_csv(entries: &[LedgerEntry]) -> Result<String, ServerError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_error = |e: csv::Error| ServerError::Config(format!("writing CSV: {e}"));
    writer.write_record(HEADER).map_err(write_error)?;
    for entry in entries {
        writer
            .write_record([
                format::date_time(entry.created_at),
                entry.kind.as_str().to_owned(),
                entry.points.to_string(),
                entry.balance_after.to_string(),
                cell(entry.case_reference.as_deref().unwrap_or("")),
                entry.channel.map(|c| c.as_str()).unwrap_or("").to_owned(),
                cell(&entry.reason),
                entry.expires_at.map(format::date).unwrap_or_default(),
                cell(entry.actor.as_deref().unwrap_or("")),
            ])
            .map_err(write_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| ServerError::Config(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

const BILLABLE_HEADER: [&str; 9] =
    ["date", "case", "subject", "minutes", "hours", "rate", "amount", "engineer", "note"];

/// The billable time, one row per entry, oldest first, times in UTC:
/// what is owed, for the organisation's invoice.
pub fn billable_csv(time: &BillableTime) -> Result<String, ServerError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_error = |e: csv::Error| ServerError::Config(format!("writing CSV: {e}"));
    writer.write_record(BILLABLE_HEADER).map_err(write_error)?;
    for entry in &time.entries {
        writer
            .write_record([
                format::date_time(entry.started_at),
                entry.case_reference.clone(),
                cell(&entry.subject),
                entry.minutes.to_string(),
                format!("{}.{:02}", entry.minutes / 60, (entry.minutes % 60) * 100 / 60),
                entry.rate.label(),
                money(entry.cents, &entry.rate.currency),
                cell(&entry.engineer),
                cell(&entry.note),
            ])
            .map_err(write_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| ServerError::Config(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text typed by people could start a spreadsheet formula (`=`, `+`, `-`,
/// `@`); a leading apostrophe makes the spreadsheet show it as text.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entitlements::{Channel, LedgerKind};

    #[test]
    fn entries_become_quoted_rows_and_formulas_stay_text() {
        let entry = LedgerEntry {
            id: 1,
            kind: LedgerKind::Debit,
            points: -10,
            balance_after: 40,
            created_at: 1_795_363_500_000,
            reason: "=HYPERLINK(\"x\"), with a comma".into(),
            case_reference: Some("CASE-000001".into()),
            channel: Some(Channel::Web),
            expires_at: None,
            actor: Some("Carl Acme".into()),
        };
        let csv = ledger_csv(&[entry]).expect("csv");
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("date,kind,points,balance,case,channel,reason,expires,recorded_by")
        );
        assert_eq!(
            lines.next(),
            Some(
                "2026-11-22 16:05 UTC,debit,-10,40,CASE-000001,web,\"'=HYPERLINK(\"\"x\"\"), with a comma\",,Carl Acme"
            )
        );
    }
}
