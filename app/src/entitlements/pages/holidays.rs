//! The holidays of each business calendar, on the admins' plans page: one
//! form a calendar, one date a line.

use leptos::prelude::*;

use crate::{
    auth::csrf::CsrfField,
    entitlements::holidays::{CalendarHolidays, SaveHolidays},
    ui::{feedback::ActionOutcome, text_area::textarea_text},
};

#[component]
pub fn HolidayLists(
    lists: Vec<CalendarHolidays>,
    save: ServerAction<SaveHolidays>,
) -> impl IntoView {
    let forms = lists.into_iter().map(|list| view! { <HolidayForm list save /> }).collect_view();
    view! {
        <section aria-labelledby="holidays-title">
            <h2 id="holidays-title">"Holidays"</h2>
            <p class="hint">"The clocks of cases on business hours stand still on these days. Due times of open cases follow a change at once."</p>
            <ActionOutcome result=save.value().into() success="The holidays were saved." />
            {forms}
        </section>
    }
}

#[component]
fn HolidayForm(list: CalendarHolidays, save: ServerAction<SaveHolidays>) -> impl IntoView {
    let name = list.calendar.as_str();
    let field_id = format!("holidays-{name}");
    let hint_id = format!("{field_id}-hint");
    let text = list.days.join("\n");
    let value = text.clone();
    let rows = list.days.len().clamp(4, 14);
    view! {
        <ActionForm action=save attr:class="tool-form">
            <fieldset>
                <legend>{format!("The {name} calendar: {}", list.hours)}</legend>
                <CsrfField />
                <input type="hidden" name="calendar" value=name />
                <div class="field">
                    <label for=field_id.clone()>{format!("Holidays of the {name} calendar")}</label>
                    <p class="hint" id=hint_id.clone()>"One date a line, like 2027-12-24."</p>
                    <textarea id=field_id name="days" rows=rows aria-describedby=hint_id prop:value=value>
                        {textarea_text(text)}
                    </textarea>
                </div>
                <button type="submit" class="button">{format!("Save the {name} holidays")}</button>
            </fieldset>
        </ActionForm>
    }
}
