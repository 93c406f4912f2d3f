//! The life cycle of a case in one table: which step moves a case from
//! which status to which. Engineers' work, customers' actions, messages and
//! the auto-close job all ask [`CaseStatus::after`], so a case can only
//! move as this table says, whichever door the request came through.

use super::CaseStatus;
use crate::error::AppError;

/// Something that happens to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// An engineer takes the case or answers it: a new case opens.
    EngineerAnswers,
    /// An internal note, an assignment or a raised level: no status change.
    EngineerNotes,
    /// An engineer asks the customer for something: the SLA clock stops.
    AskCustomer,
    /// An engineer resolves the case.
    Resolve,
    /// An engineer holds the case (a third party's cause, an arrangement
    /// with the customer): the clocks stand still, nothing closes it.
    Hold,
    /// An engineer takes a held case up again.
    Resume,
    /// The customer writes: a case waiting on them opens again.
    CustomerWrites,
    /// Support staff write to the customer outside the engineers' work.
    StaffWrites,
    /// The customer escalates the case.
    Escalate,
    /// The customer closes the case.
    Close,
    /// The customer reopens a finished case.
    Reopen,
    /// The auto-close job: the customer did not answer in time.
    AutoClose,
    /// The auto-close job: a resolved case nobody reopened in time.
    CloseResolved,
}

impl CaseStatus {
    /// Resolved or closed: engineers' work is over until the customer
    /// reopens the case.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }

    /// The SLA clocks stand still: the case waits on the customer, is held,
    /// or is finished.
    pub fn stops_clock(self) -> bool {
        self.is_finished() || matches!(self, Self::WaitingOnCustomer | Self::OnHold)
    }

    /// The status after `step`, or why the step cannot be taken now.
    pub fn after(self, step: Step) -> Result<CaseStatus, AppError> {
        use CaseStatus::*;
        let refused = |why: &str| Err(AppError::Conflict(why.to_owned()));
        let engineer_refused = "The case is finished: the customer can reopen it.";
        match (step, self) {
            (
                Step::EngineerAnswers
                | Step::EngineerNotes
                | Step::AskCustomer
                | Step::Resolve
                | Step::Hold
                | Step::Resume,
                s,
            ) if s.is_finished() => refused(engineer_refused),
            (Step::Hold, OnHold) => refused("The case is already on hold."),
            (Step::Hold, _) => Ok(OnHold),
            (Step::Resume, OnHold) => Ok(Open),
            (Step::Resume, _) => refused("The case is not on hold."),
            (Step::EngineerAnswers, New) => Ok(Open),
            (Step::EngineerAnswers | Step::EngineerNotes, s) => Ok(s),
            (Step::AskCustomer, _) => Ok(WaitingOnCustomer),
            (Step::Resolve, _) => Ok(Resolved),
            (Step::CustomerWrites | Step::StaffWrites, Closed) => {
                refused("The case is closed: reopen it to write to it.")
            }
            (Step::CustomerWrites, WaitingOnCustomer) => Ok(Open),
            (Step::CustomerWrites | Step::StaffWrites, s) => Ok(s),
            (Step::Escalate, s) if s.is_finished() => {
                refused("Reopen the case before escalating it.")
            }
            (Step::Escalate, Escalated) => refused("The case is already escalated."),
            (Step::Escalate, _) => Ok(Escalated),
            (Step::Close, Closed) => refused("The case is already closed."),
            (Step::Close, _) => Ok(Closed),
            (Step::Reopen, s) if s.is_finished() => Ok(Open),
            (Step::Reopen, _) => refused("The case is still open."),
            (Step::AutoClose, WaitingOnCustomer) => Ok(Closed),
            (Step::AutoClose, _) => {
                refused("Only a case waiting on the customer closes by itself.")
            }
            (Step::CloseResolved, Resolved) => Ok(Closed),
            (Step::CloseResolved, _) => refused("Only a resolved case closes after its time."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    fn after(status: CaseStatus, step: Step) -> Option<CaseStatus> {
        status.after(step).ok()
    }

    #[test]
    fn engineers_open_new_cases_and_cannot_work_finished_ones() {
        assert_eq!(after(New, Step::EngineerAnswers), Some(Open));
        assert_eq!(after(Escalated, Step::EngineerAnswers), Some(Escalated));
        assert_eq!(after(Open, Step::AskCustomer), Some(WaitingOnCustomer));
        assert_eq!(after(WaitingOnCustomer, Step::Resolve), Some(Resolved));
        for finished in [Resolved, Closed] {
            for step in
                [Step::EngineerAnswers, Step::EngineerNotes, Step::AskCustomer, Step::Resolve]
            {
                assert_eq!(after(finished, step), None, "{finished:?} {step:?}");
            }
        }
    }

    #[test]
    fn a_customer_answer_restarts_the_clock_and_a_closed_case_takes_no_message() {
        assert_eq!(after(WaitingOnCustomer, Step::CustomerWrites), Some(Open));
        assert_eq!(after(WaitingOnCustomer, Step::StaffWrites), Some(WaitingOnCustomer));
        assert_eq!(after(Resolved, Step::CustomerWrites), Some(Resolved));
        assert_eq!(after(Closed, Step::CustomerWrites), None);
        assert_eq!(after(Closed, Step::StaffWrites), None);
    }

    #[test]
    fn customers_escalate_close_and_reopen_only_where_it_makes_sense() {
        assert_eq!(after(Open, Step::Escalate), Some(Escalated));
        assert_eq!(after(Escalated, Step::Escalate), None);
        assert_eq!(after(Resolved, Step::Escalate), None);
        assert_eq!(after(Resolved, Step::Close), Some(Closed));
        assert_eq!(after(Closed, Step::Close), None);
        assert_eq!(after(Closed, Step::Reopen), Some(Open));
        assert_eq!(after(Open, Step::Reopen), None);
    }

    #[test]
    fn a_held_case_stays_held_until_an_engineer_resumes_it() {
        assert_eq!(after(Open, Step::Hold), Some(OnHold));
        assert_eq!(after(WaitingOnCustomer, Step::Hold), Some(OnHold));
        assert_eq!(after(OnHold, Step::Hold), None);
        assert_eq!(after(Resolved, Step::Hold), None);
        assert_eq!(after(OnHold, Step::CustomerWrites), Some(OnHold));
        assert_eq!(after(OnHold, Step::EngineerAnswers), Some(OnHold));
        assert_eq!(after(OnHold, Step::Resume), Some(Open));
        assert_eq!(after(Open, Step::Resume), None);
        assert!(OnHold.stops_clock() && WaitingOnCustomer.stops_clock() && !Open.stops_clock());
    }

    #[test]
    fn only_a_case_waiting_on_the_customer_closes_by_itself() {
        for status in CaseStatus::ALL {
            let expected = (*status == WaitingOnCustomer).then_some(Closed);
            assert_eq!(after(*status, Step::AutoClose), expected, "{status:?}");
            let expected = (*status == Resolved).then_some(Closed);
            assert_eq!(after(*status, Step::CloseResolved), expected, "{status:?}");
        }
    }
}
