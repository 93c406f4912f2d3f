//! `/write/{slug}/history`: every version with who published and approved
//! it, the differences between any two (`?from=1&to=2`; by default the
//! newest against the one before), and restoring one as the newest.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    auth::csrf::CsrfField,
    error::AppError,
    format,
    kb::authoring::{
        Change, History, VersionDiff,
        api::{RestoreVersion, article_history, compare_versions},
    },
    ui::feedback::{FormError, Loaded},
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let restore = ServerAction::<RestoreVersion>::new();
    let wanted = move || {
        let number = |name: &str| query.read().get(name).and_then(|v| v.parse::<i64>().ok());
        (number("from"), number("to"))
    };
    let page = Resource::new(
        move || (slug(), wanted(), restore.version().get()),
        |(slug, (from, to), _)| async move {
            let history = article_history(slug.clone()).await?;
            let newest = history.versions.first().map(|v| v.number);
            let (from, to) = match (from, to, newest) {
                (Some(from), Some(to), _) => (from, to),
                (_, _, Some(newest)) if newest > 1 => (newest - 1, newest),
                _ => return Ok::<_, AppError>((history, None)),
            };
            let diff = compare_versions(slug, from, to).await?;
            Ok((history, Some(diff)))
        },
    );
    view! {
        <Title text="Article history" />
        <Loaded resource=page show=move |(history, diff)| view! { <Versions history diff restore /> } loading="Loading the history…" />
    }
}

#[component]
fn Versions(
    history: History,
    diff: Option<VersionDiff>,
    restore: ServerAction<RestoreVersion>,
) -> impl IntoView {
    let slug = history.slug.clone();
    let numbers: Vec<i64> = history.versions.iter().map(|v| v.number).collect();
    let newest = numbers.first().copied().unwrap_or(0);
    let rows = history
        .versions
        .into_iter()
        .map(|version| {
            let slug = slug.clone();
            let restore_button = (version.number != newest).then(move || {
                view! {
                    <ActionForm action=restore attr:class="inline-form">
                        <CsrfField />
                        <input type="hidden" name="slug" value=slug.clone() />
                        <input type="hidden" name="number" value=version.number />
                        <button type="submit" class="link-button">
                            {format!("Restore version {}", version.number)}
                        </button>
                    </ActionForm>
                }
            });
            let by = match (&version.published_by, &version.approved_by) {
                (Some(publisher), Some(approver)) => format!("{publisher}, approved by {approver}"),
                (Some(publisher), None) => publisher.clone(),
                _ => "Import".to_owned(),
            };
            view! {
                <tr>
                    <th scope="row">{version.number}</th>
                    <td>{format::date_time(version.created_at)}</td>
                    <td>{by}</td>
                    <td>{version.note}</td>
                    <td>{restore_button}</td>
                </tr>
            }
        })
        .collect_view();
    let options = move |selected: i64| {
        numbers
            .iter()
            .map(|&number| {
                view! { <option value=number selected=number == selected>{format!("Version {number}")}</option> }
            })
            .collect_view()
    };
    let (from, to) = diff.as_ref().map(|d| (d.from, d.to)).unwrap_or((newest, newest));
    view! {
        <h1>{format!("History: {}", history.title)}</h1>
        <p>
            <a href=format!("/write/{slug}")>"Back to the editor"</a>
            " · "
            <a href=format!("/articles/{slug}")>"Read the article"</a>
        </p>
        <FormError result=restore.value().into() />
        {move || restore.value().get().and_then(Result::ok).map(|number| view! {
            <p class="form-success" role="status">{format!("Restored as version {number}.")}</p>
        })}
        <table class="data-table">
            <caption>"Versions, newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Version"</th>
                    <th scope="col">"Published"</th>
                    <th scope="col">"By"</th>
                    <th scope="col">"Note"</th>
                    <th scope="col"><span class="visually-hidden">"Restore"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <form method="get" class="inline-fields" aria-label="Compare versions">
            <label for="compare-from">"Compare"</label>
            <select id="compare-from" name="from">{options(from)}</select>
            <label for="compare-to">"with"</label>
            <select id="compare-to" name="to">{options(to)}</select>
            <button type="submit">"Compare"</button>
        </form>
        {diff.map(|diff| view! { <DiffView diff /> })}
    }
}

#[component]
fn DiffView(diff: VersionDiff) -> impl IntoView {
    let fields = (!diff.fields.is_empty()).then(|| {
        let rows = diff
            .fields
            .iter()
            .map(|(name, before, after)| view! {
                <tr><th scope="row">{name.clone()}</th><td>{before.clone()}</td><td>{after.clone()}</td></tr>
            })
            .collect_view();
        view! {
            <table class="data-table">
                <caption>"Fields that changed"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Field"</th>
                        <th scope="col">{format!("Version {}", diff.from)}</th>
                        <th scope="col">{format!("Version {}", diff.to)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let changed = diff.lines.iter().filter(|l| l.change != Change::Same).count();
    let lines = diff
        .lines
        .iter()
        .map(|line| {
            let text = line.text.trim_end_matches('\n').to_owned();
            match line.change {
                Change::Same => {
                    view! { <span class="diff-same">{format!("  {text}")}</span> }.into_any()
                }
                Change::Added => view! { <ins>{format!("+ {text}")}</ins> }.into_any(),
                Change::Removed => view! { <del>{format!("- {text}")}</del> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="diff-title">
            <h2 id="diff-title">{format!("Version {} to version {}", diff.from, diff.to)}</h2>
            {fields}
            <p>{format!("{changed} lines of the text changed: added lines are marked +, removed ones -.")}</p>
            <pre class="diff" tabindex="0" aria-label="Differences of the text">{lines}</pre>
        </section>
    }
}
