//! `/status`: the known problems the reader may see, current ones first,
//! each with its dated updates; signed-in readers follow one instead of
//! filing a case about it. Engineers and admins report a problem and post
//! its updates here.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    auth::csrf::CsrfField,
    format,
    kb::{Audience, article_url},
    problems::{
        Problem, ProblemReport, ProblemStatus, StatusBoard,
        api::{
            CreateProblem, FollowProblem, LinkProblemCases, PostProblemUpdate, load_status_board,
        },
    },
    ui::feedback::{ActionOutcome, FormError, Loaded},
};

/// The actions of the page: each reloads the board once done.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateProblem>,
    link: ServerAction<LinkProblemCases>,
    update: ServerAction<PostProblemUpdate>,
    follow: ServerAction<FollowProblem>,
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let actions = Actions {
        create: ServerAction::new(),
        link: ServerAction::new(),
        update: ServerAction::new(),
        follow: ServerAction::new(),
    };
    let board = Resource::new(
        move || {
            (
                actions.create.version().get(),
                actions.update.version().get(),
                actions.follow.version().get(),
            )
        },
        |_| load_status_board(),
    );
    view! {
        <Title text="Service status" />
        <h1>"Service status"</h1>
        <p class="lead">
            "Known problems with our products and what we know of them. Follow one to be told of each update, instead of opening a case about it. "
            <a href="/status.atom">"Subscribe to the feed (Atom)"</a>
        </p>
        <Loaded resource=board show=move |board| view! { <Board board actions /> } />
    }
}

#[component]
fn Board(board: StatusBoard, actions: Actions) -> impl IntoView {
    let may = Permissions { manage: board.may_manage, follow: board.may_follow };
    let current = if board.current.is_empty() {
        view! { <p>"No known problems: everything is working as it should."</p> }.into_any()
    } else {
        problem_list(board.current, may, actions)
    };
    view! {
        {may.manage.then(|| view! { <ReportForm create=actions.create /> })}
        <FormError result=actions.follow.value().into() />
        <section aria-labelledby="current-title">
            <h2 id="current-title">"Current problems"</h2>
            {current}
        </section>
        {(!board.recent.is_empty()).then(|| view! {
            <section aria-labelledby="recent-title">
                <h2 id="recent-title">"Fixed in the last 30 days"</h2>
                {problem_list(board.recent, may, actions)}
            </section>
        })}
    }
}

/// What the reader may do with a problem.
#[derive(Clone, Copy)]
struct Permissions {
    manage: bool,
    follow: bool,
}

fn problem_list(problems: Vec<Problem>, may: Permissions, actions: Actions) -> AnyView {
    let items = problems
        .into_iter()
        .map(|problem| view! { <ProblemCard problem may actions /> })
        .collect_view();
    view! { <ul class="problems">{items}</ul> }.into_any()
}

#[component]
fn ProblemCard(problem: Problem, may: Permissions, actions: Actions) -> impl IntoView {
    let affects = match (problem.products.join(", "), problem.versions.trim()) {
        (products, "") if products.is_empty() => "Every product".to_owned(),
        (products, "") => products,
        (products, versions) if products.is_empty() => format!("Versions {versions}"),
        (products, versions) => format!("{products}, versions {versions}"),
    };
    let updates = problem
        .updates
        .iter()
        .map(|update| {
            view! {
                <li>
                    <p class="hint">{format::date_time(update.created_at)}" · "{update.status.label()}</p>
                    <div class="problem-update" inner_html=update.html.clone()></div>
                </li>
            }
        })
        .collect_view();
    let (id, following, title) = (problem.id, problem.following, problem.title.clone());
    view! {
        <li class="card problem" id=format!("problem-{id}")>
            <h3>{problem.title.clone()}</h3>
            <p><span class="badge">{problem.status.label()}</span>" "{affects}</p>
            {(!problem.fixed_in.is_empty()).then(|| view! { <p>"Fixed in "{problem.fixed_in.clone()}"."</p> })}
            {problem.workaround_slug.clone().map(|slug| view! {
                <p>"Workaround: "<a href=article_url(&slug)>"read the article"</a></p>
            })}
            {(problem.audience == Audience::Internal).then(|| view! { <p class="hint">"Staff only."</p> })}
            {may.follow.then(|| view! {
                <ActionForm action=actions.follow attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="follow" value=(!following).to_string() />
                    <button type="submit" class="button">
                        {if following { "Stop following" } else { "Follow this problem" }}
                        <span class="visually-hidden">{format!(": {title}")}</span>
                    </button>
                </ActionForm>
            })}
            <h4>"Updates"</h4>
            <ol class="problem-updates">{updates}</ol>
            {problem.report.clone().map(|report| view! { <Report report /> })}
            {may.manage.then(|| view! {
                <UpdateForm id status=problem.status update=actions.update />
                <LinkForm id link=actions.link />
            })}
        </li>
    }
}

#[component]
fn ReportForm(create: ServerAction<CreateProblem>) -> impl IntoView {
    let audiences = Audience::ALL
        .iter()
        .map(|a| view! { <option value=a.as_str() selected=*a == Audience::Customers>{a.label()}</option> })
        .collect_view();
    view! {
        <details class="card">
            <summary>"Report a known problem"</summary>
            <ActionForm action=create attr:class="tool-form">
                <CsrfField />
                <ActionOutcome result=create.value().into() success="The problem is on the status page." />
                <div class="field">
                    <label for="problem-title">"Title"</label>
                    <input id="problem-title" name="title" required maxlength="200" />
                </div>
                <div class="field">
                    <label for="problem-products">"Products (their keys, separated by commas; empty for every product)"</label>
                    <input id="problem-products" name="products" />
                </div>
                <div class="field">
                    <label for="problem-versions">"Versions"</label>
                    <input id="problem-versions" name="versions" />
                </div>
                <div class="field">
                    <label for="problem-audience">"Who may see it"</label>
                    <select id="problem-audience" name="audience">{audiences}</select>
                </div>
                <div class="field">
                    <label for="problem-workaround">"Workaround article (its address name, optional)"</label>
                    <input id="problem-workaround" name="workaround_slug" />
                </div>
                <div class="field">
                    <label for="problem-update">"What customers are told first (Markdown)"</label>
                    <textarea id="problem-update" name="update" rows="4" required></textarea>
                </div>
                <button type="submit" class="button">"Report the problem"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn UpdateForm(
    id: i64,
    status: ProblemStatus,
    update: ServerAction<PostProblemUpdate>,
) -> impl IntoView {
    let prefix = format!("problem-{id}");
    let statuses = ProblemStatus::ALL
        .iter()
        .map(|s| view! { <option value=s.as_str() selected=*s == status>{s.label()}</option> })
        .collect_view();
    view! {
        <details>
            <summary>"Post an update"</summary>
            <ActionForm action=update attr:class="tool-form">
                <CsrfField />
                <FormError result=update.value().into() />
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for=format!("{prefix}-status")>"Status"</label>
                    <select id=format!("{prefix}-status") name="status">{statuses}</select>
                </div>
                <div class="field">
                    <label for=format!("{prefix}-fixed-in")>"Fixed in (the release, with “Fixed in a release”)"</label>
                    <input id=format!("{prefix}-fixed-in") name="fixed_in" />
                </div>
                <div class="field">
                    <label for=format!("{prefix}-body")>"Update (Markdown)"</label>
                    <textarea id=format!("{prefix}-body") name="body" rows="4" required></textarea>
                </div>
                <button type="submit" class="button">"Post the update"</button>
            </ActionForm>
        </details>
    }
}

/// What became of the problem, for engineers and admins.
#[component]
fn Report(report: ProblemReport) -> impl IntoView {
    let took = |ms: Option<i64>| ms.map_or_else(|| "–".to_owned(), duration);
    view! {
        <dl class="problem-report">
            <dt>"Cases linked"</dt><dd>{report.cases_linked}</dd>
            <dt>"Followers"</dt><dd>{report.followers}</dd>
            <dt>"Followed instead of filing (case form / Get help)"</dt>
            <dd>{format!("{} / {}", report.deflected_by_case_form, report.deflected_by_help)}</dd>
            <dt>"From the first case to the problem"</dt><dd>{took(report.first_case_to_problem_ms)}</dd>
            <dt>"From the first case to the fix"</dt><dd>{took(report.first_case_to_fixed_ms)}</dd>
        </dl>
    }
}

/// `90 min` → "1 h 30 min"; days beyond two.
fn duration(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

#[component]
fn LinkForm(id: i64, link: ServerAction<LinkProblemCases>) -> impl IntoView {
    let field = format!("problem-{id}-cases");
    let linked = move || match link.value().get() {
        Some(Ok(n)) => Some(format!("{n} cases newly linked; their contacts are told.")),
        _ => None,
    };
    view! {
        <details>
            <summary>"Link cases"</summary>
            <ActionForm action=link attr:class="tool-form">
                <CsrfField />
                <FormError result=link.value().into() />
                <p role="status">{linked}</p>
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for=field.clone()>"Case references (separated by spaces, commas or lines)"</label>
                    <textarea id=field name="references" rows="2" required></textarea>
                </div>
                <button type="submit" class="button">"Link the cases"</button>
            </ActionForm>
        </details>
    }
}
