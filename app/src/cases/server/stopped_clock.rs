//! When a case's SLA clocks stood still: while it waited on the customer
//! or was on hold, and while it sat resolved or closed before the customer reopened it
//! (a reopened case's clocks go on from the reopening, not from the
//! resolution).

use jiff::Timestamp;

use crate::{cases::CaseStatus, sla::Pause};

/// The stretches the clocks stood still, from a case's status changes (new
/// status and when, Unix ms), oldest first. A case waiting on the customer
/// now ends with an open stretch. A case finished now ends with none for
/// its finish (its due times stay those it was held to when it finished);
/// what it waited on the customer before finishing still counts.
pub(super) fn pauses(changes: impl Iterator<Item = (CaseStatus, i64)>) -> Vec<Pause> {
    let mut pauses = Vec::new();
    // Since when the clocks stand still, and since when the case is finished.
    let mut stopped: Option<(Timestamp, Option<Timestamp>)> = None;
    for (status, at_ms) in changes {
        let at = Timestamp::from_millisecond(at_ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let finished = status.is_finished();
        stopped = match (stopped, status.stops_clock()) {
            (None, true) => Some((at, finished.then_some(at))),
            (Some((since, None)), true) => Some((since, finished.then_some(at))),
            (Some(still), true) => Some(still),
            (Some((since, _)), false) => {
                pauses.push(Pause { start: since, end: Some(at) });
                None
            }
            (None, false) => None,
        };
    }
    match stopped {
        Some((since, None)) => pauses.push(Pause { start: since, end: None }),
        Some((since, Some(finish))) if since < finish => {
            pauses.push(Pause { start: since, end: Some(finish) })
        }
        _ => {}
    }
    pauses
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    fn stretches(changes: &[(CaseStatus, i64)]) -> Vec<(i64, Option<i64>)> {
        pauses(changes.iter().map(|(status, minute)| (*status, minute * 60_000)))
            .into_iter()
            .map(|p| (p.start.as_second() / 60, p.end.map(|end| end.as_second() / 60)))
            .collect()
    }

    #[test]
    fn waiting_on_the_customer_stops_the_clocks_until_they_answer() {
        assert_eq!(stretches(&[(Open, 0), (WaitingOnCustomer, 10), (Open, 30)]), [(10, Some(30))]);
        let held_then_waiting = [(Open, 0), (OnHold, 10), (WaitingOnCustomer, 20), (Open, 30)];
        assert_eq!(stretches(&held_then_waiting), [(10, Some(30))]);
        assert_eq!(stretches(&[(Open, 0), (WaitingOnCustomer, 10)]), [(10, None)]);
    }

    #[test]
    fn a_reopened_case_does_not_count_the_time_it_sat_resolved() {
        let reopened = [(Open, 0), (Resolved, 100), (Closed, 200), (Open, 500)];
        assert_eq!(stretches(&reopened), [(100, Some(500))]);
        let waited_then_resolved = [(WaitingOnCustomer, 10), (Resolved, 40), (Open, 90)];
        assert_eq!(stretches(&waited_then_resolved), [(10, Some(90))]);
    }

    #[test]
    fn a_finished_case_keeps_the_due_times_it_finished_under() {
        assert!(stretches(&[(Open, 0), (Resolved, 100)]).is_empty());
        assert_eq!(stretches(&[(WaitingOnCustomer, 10), (Resolved, 40)]), [(10, Some(40))]);
        let after_reopening = [(Resolved, 100), (Open, 150), (Resolved, 300)];
        assert_eq!(stretches(&after_reopening), [(100, Some(150))]);
    }
}
