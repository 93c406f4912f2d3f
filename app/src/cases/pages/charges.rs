//! The case page's charges and time: how the case is paid for, the
//! engineer's decision with its reason and the customer's answer (plain
//! forms: they work before the WebAssembly loads), and the time recorded.
//! Engineers (full bundle) decide and record time here too.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::csrf::CsrfField,
    cases::charges::{Billing, CaseBilling, ChargeDecision, TimeEntry, hours, money},
    format,
    ui::table::DataTable,
};

#[component]
pub fn ChargesSection(reference: String, billing: CaseBilling, engineer: bool) -> impl IntoView {
    let quiet = billing.billing == Billing::Plan
        && billing.decision.is_none()
        && billing.time.is_empty()
        && !engineer;
    if quiet {
        return None;
    }
    let said = |key: &str| use_query_map().with_untracked(|q| q.get(key));
    let error = said("charge_error").map(|e| view! { <p class="form-error" role="alert">{e}</p> });
    let done = said("charge_done").map(|d| view! { <p class="form-success" role="status">{d}</p> });
    let rate = billing.rate.clone();
    let terms = match (billing.billing, &rate) {
        (Billing::Hourly, Some(rate)) => format!("A paid ticket at {}.", rate.label()),
        (Billing::Assessed, _) => "Free while support assesses it; support then says what it costs, and nothing is charged before you say go ahead.".to_owned(),
        _ => "Under your plan.".to_owned(),
    };
    let decision = billing.decision.clone().map(|decision| {
        let answer =
            billing.answerable.then(|| view! { <AnswerForm reference=reference.clone() /> });
        view! { <Decision decision rate=rate.clone() /> {answer} }
    });
    let owed = rate.clone().filter(|_| billing.billable_minutes > 0).map(|rate| {
        let cents = rate.cents_for(billing.billable_minutes);
        format!(
            "Billable: {} at {}, {} owed. Selfdesk records it; payment is arranged with support outside the portal.",
            hours(billing.billable_minutes),
            rate.label(),
            money(cents, &rate.currency)
        )
    });
    let tools = engineer.then(|| tools(reference.clone(), billing.decision.clone()));
    Some(view! {
        <section aria-labelledby="charges-title">
            <h2 id="charges-title">"Charges and time"</h2>
            {error}
            {done}
            <p>{terms}</p>
            {decision}
            <TimeTable time=billing.time.clone() />
            {owed.map(|owed| view! { <p><strong>{owed}</strong></p> })}
            {tools}
        </section>
    })
}

#[component]
fn Decision(
    decision: ChargeDecision,
    rate: Option<crate::cases::charges::HourlyRate>,
) -> impl IntoView {
    let cost = decision.kind.cost(decision.points, rate.as_ref());
    let answered = decision.answer.map(|answer| {
        let by = decision.answered_by.clone().unwrap_or_default();
        let at = decision.answered_at.map(format::date_time).unwrap_or_default();
        view! { <dt>"Answer"</dt><dd>{format!("{}: {by}, {at}", answer.label())}</dd> }
    });
    view! {
        <h3>"Support's assessment"</h3>
        <dl class="facts">
            <dt>"Cost"</dt><dd><strong>{cost}</strong></dd>
            <dt>"Why"</dt><dd class="pre">{decision.reason.clone()}</dd>
            <dt>"Decided"</dt><dd>{format!("{}, {}", decision.decided_by, format::date_time(decision.decided_at))}</dd>
            {answered}
        </dl>
    }
}

/// "Go ahead" or "No thanks": one form, the button says which.
#[component]
fn AnswerForm(reference: String) -> impl IntoView {
    view! {
        <form method="post" action=format!("/cases/{reference}/charge/answer") class="tool-form">
            <CsrfField />
            <p class="hint">"Nothing is charged until you say go ahead. If you decline, support does no charged work on the case."</p>
            <button type="submit" name="answer" value="accept" class="button">"Go ahead"</button>
            " "
            <button type="submit" name="answer" value="decline" class="button">"No thanks"</button>
        </form>
    }
}

#[component]
fn TimeTable(time: Vec<TimeEntry>) -> impl IntoView {
    if time.is_empty() {
        return None;
    }
    let rows = time
        .into_iter()
        .map(|entry| {
            let spent = entry.minutes.map_or_else(|| "Clock running".to_owned(), hours);
            view! {
                <tr>
                    <td>{format::date_time(entry.started_at)}</td>
                    <th scope="row">{entry.engineer.clone()}</th>
                    <td>{spent}</td>
                    <td>{if entry.billable { "Billable" } else { "Not billable" }}</td>
                    <td>{entry.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <DataTable caption="Time recorded" columns=&["Started", "Engineer", "Time", "Billing", "What was done"]>
            {rows}
        </DataTable>
    })
}

#[cfg(feature = "full")]
fn tools(reference: String, decision: Option<ChargeDecision>) -> impl IntoView {
    use crate::cases::charges::{ChargeKind, TimeAction};

    let decided = decision.is_some_and(|d| d.answer.is_some());
    let kinds = ChargeKind::ALL
        .iter()
        .map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> })
        .collect_view();
    let actions = TimeAction::ALL
        .iter()
        .map(|action| view! { <option value=action.as_str()>{action.label()}</option> })
        .collect_view();
    let decide = (!decided).then(|| {
        view! {
            <form method="post" action=format!("/cases/{reference}/charge") class="tool-form" aria-labelledby="decide-title">
                <h3 id="decide-title">"Decide what the case costs"</h3>
                <CsrfField />
                <div class="inline-fields">
                    <div class="field">
                        <label for="charge-decision">"Decision"</label>
                        <select id="charge-decision" name="decision">{kinds}</select>
                    </div>
                    <div class="field">
                        <label for="charge-points">"Points (when charged in points)"</label>
                        <input id="charge-points" name="points" type="number" min="1" inputmode="numeric" />
                    </div>
                </div>
                <div class="field">
                    <label for="charge-reason">"Why (the customer reads it)"</label>
                    <textarea id="charge-reason" name="reason" rows="2" required></textarea>
                </div>
                <button type="submit" class="button">"Record the decision"</button>
            </form>
        }
    });
    view! {
        {decide}
        <form method="post" action=format!("/cases/{reference}/time") class="tool-form" aria-labelledby="time-title">
            <h3 id="time-title">"Record time"</h3>
            <CsrfField />
            <div class="inline-fields">
                <div class="field">
                    <label for="time-action">"What"</label>
                    <select id="time-action" name="action">{actions}</select>
                </div>
                <div class="field">
                    <label for="time-minutes">"Minutes spent (when entered)"</label>
                    <input id="time-minutes" name="minutes" type="number" min="1" max="1440" inputmode="numeric" />
                </div>
            </div>
            <div class="checkbox">
                <input id="time-billable" name="billable" type="checkbox" value="true" />
                <label for="time-billable">"Billable (the customer accepted an hourly rate)"</label>
            </div>
            <div class="field">
                <label for="time-note">"What was done"</label>
                <input id="time-note" name="note" maxlength="2000" />
            </div>
            <button type="submit" class="button">"Record"</button>
        </form>
    }
}

#[cfg(not(feature = "full"))]
fn tools(reference: String, decision: Option<ChargeDecision>) -> impl IntoView {
    // The engineer's tools above already offer the full page.
    let _ = (reference, decision);
}
