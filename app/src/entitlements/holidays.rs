//! The holidays of the business calendars, kept by admins on the plans
//! page: the days the SLA clocks stand still. Saved lists reach every
//! request at once, and the other servers at their next jobs pass.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Availability;
use crate::{auth::csrf::CsrfClient, error::AppError};

/// At most this many days in one calendar's list (years ahead of need).
pub const MOST_HOLIDAYS: usize = 400;

/// A business calendar's holidays, as admins keep them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CalendarHolidays {
    pub calendar: Availability,
    /// "08:00-19:00 America/New_York", or "09:00-17:00 in each customer's
    /// own time zone".
    pub hours: String,
    /// `YYYY-MM-DD`, earliest first.
    pub days: Vec<String>,
}

/// The holidays of every business calendar of the support policy.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_holidays() -> Result<Vec<CalendarHolidays>, AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::holidays, runtime::app_state};

    holidays::list(&app_state()?, &current_viewer())
}

/// Replaces a calendar's holidays with `days`: one date a line
/// (`2027-12-24`); blank lines are skipped.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn save_holidays(calendar: Availability, days: String) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::holidays, runtime::app_state};

    let days = read_days(&days)?;
    Ok(holidays::save(&app_state()?, &current_viewer(), calendar, days).await?)
}

#[cfg(feature = "ssr")]
/// The dates of a list as admins type it, each line checked: the error
/// names the first line that is not a date.
pub fn read_days(text: &str) -> Result<Vec<jiff::civil::Date>, AppError> {
    let mut days = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let day = line.parse().map_err(|_| {
            AppError::bad_request(format!(
                "Line {}: \"{}\" is not a date like 2027-12-24. Write one date a line.",
                number + 1,
                line.chars().take(40).collect::<String>()
            ))
        })?;
        days.push(day);
    }
    days.sort_unstable();
    days.dedup();
    if days.len() > MOST_HOLIDAYS {
        return Err(AppError::bad_request(format!(
            "A calendar keeps at most {MOST_HOLIDAYS} holidays."
        )));
    }
    Ok(days)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_one_date_a_line_and_a_wrong_line_is_named() {
        let days = read_days("2027-12-24\n\n  2027-01-01 \n2027-12-24\n").expect("dates");
        let words: Vec<String> = days.iter().map(ToString::to_string).collect();
        assert_eq!(words, ["2027-01-01", "2027-12-24"]);
        let error = read_days("2027-01-01\n2027-02-30\n").expect_err("no such day").to_string();
        assert_eq!(
            error,
            "Line 2: \"2027-02-30\" is not a date like 2027-12-24. Write one date a line."
        );
        let first = jiff::civil::date(2027, 1, 1);
        let many: String = (0..=MOST_HOLIDAYS as i64)
            .map(|n| format!("{}\n", first.checked_add(jiff::Span::new().days(n)).expect("a day")))
            .collect();
        assert!(read_days(&many).is_err(), "more than {MOST_HOLIDAYS}");
    }
}
