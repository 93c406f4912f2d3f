//! The rules of known problems: who sees which (the articles' rule), who
//! writes them (engineers and admins), what makes a valid one, and who is
//! told of an update (every follower who may still see it, once, in the
//! update's transaction).

use super::store::{self, Change, ProblemRow};
use crate::{
    accounts::server::users,
    auth::server::{Action, AuthMethod, Viewer, authorize},
    cases::server::problem_cases,
    error::AppError,
    infra::error::ServerError,
    kb::server::{articles, readers::Reader},
    markdown::{self, SiteLinks},
    notifications::server::{Notice, write},
    problems::{
        FollowedFrom, KnownProblem, NewProblem, NewProblemUpdate, Problem, ProblemStatus,
        StatusBoard,
    },
    runtime::AppState,
};

/// Problems that ended this long ago are no longer listed.
const RECENT_MS: i64 = 30 * 24 * 60 * 60 * 1000;
const MAX_TITLE: usize = 200;
const MAX_UPDATE: usize = 20_000;

/// `/status`: what the viewer may see, current problems first.
pub async fn board(state: &AppState, viewer: &Viewer) -> Result<StatusBoard, ServerError> {
    let now = state.clock.now_ms();
    let reader = Reader::of(&state.db, viewer, now).await?;
    let rows: Vec<ProblemRow> = store::listed(&state.db, now - RECENT_MS)
        .await?
        .into_iter()
        .filter(|row| reader.sees(row.audience, &row.restricted_to))
        .collect();
    let problems = with_updates(state, viewer, rows).await?;
    let (current, recent) = problems.into_iter().partition(|p| p.status.is_current());
    let may_manage = authorize(viewer, Action::ManageProblems).is_ok();
    Ok(StatusBoard { current, recent, may_follow: viewer.user().is_some(), may_manage })
}

/// One problem, if the viewer may see it (else 404, or 401 to sign in).
pub async fn problem(state: &AppState, viewer: &Viewer, id: i64) -> Result<Problem, ServerError> {
    let row = visible(state, viewer, id).await?;
    Ok(with_updates(state, viewer, vec![row]).await?.remove(0))
}

pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    new: &NewProblem,
) -> Result<Problem, ServerError> {
    let author = authorize(viewer, Action::ManageProblems)?.id;
    let title = new.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(AppError::bad_request("Title: 1 to 200 characters.").into());
    }
    for product in &new.products {
        if !state.catalogue.products.iter().any(|p| p.key == *product) {
            let known: Vec<&str> =
                state.catalogue.products.iter().map(|p| p.key.as_str()).collect();
            let message = format!("Products: no product {product:?}; use {}.", known.join(", "));
            return Err(AppError::bad_request(message).into());
        }
    }
    check_workaround(state, new.workaround_slug.as_deref()).await?;
    let html = rendered(&new.update)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    let id = store::insert(&mut tx, new, author, now).await?;
    let change = Change {
        status: ProblemStatus::Investigating,
        markdown: new.update.trim(),
        html: &html,
        fixed_in: None,
        workaround_slug: None,
    };
    store::add_update(&mut tx, id, &change, author, now).await?;
    tx.commit().await?;
    problem(state, viewer, id).await
}

/// Posts an update: the problem takes its status, and every follower who
/// may still see the problem is told once.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    update: &NewProblemUpdate,
) -> Result<Problem, ServerError> {
    let engineer = authorize(viewer, Action::ManageProblems)?.clone();
    let author = engineer.id;
    let row =
        store::one(&state.db, id).await?.ok_or_else(|| AppError::not_found("That problem"))?;
    let fixed_in = update.fixed_in.as_deref().map(str::trim).filter(|f| !f.is_empty());
    if update.status == ProblemStatus::Fixed
        && fixed_in.is_none()
        && row.status != ProblemStatus::Fixed
    {
        return Err(AppError::bad_request("Fixed in: name the release that fixes it.").into());
    }
    let workaround_slug = update.workaround_slug.as_deref().filter(|s| !s.is_empty());
    check_workaround(state, workaround_slug).await?;
    let html = rendered(&update.body)?;
    let now = state.clock.now_ms();
    let change = Change {
        status: update.status,
        markdown: update.body.trim(),
        html: &html,
        fixed_in,
        workaround_slug,
    };
    let notices = told_of(state, &row, update, now).await?;
    let mut tx = state.db.pool().begin().await?;
    store::add_update(&mut tx, id, &change, author, now).await?;
    write(&mut tx, &notices, now).await?;
    let fixed = update.status == ProblemStatus::Fixed;
    if !fixed {
        let text = format!(
            "Update on the known problem “{}” ({}):\n\n{}",
            row.title,
            update.status.label(),
            update.body.trim()
        );
        problem_cases::tell_update(&mut tx, &engineer, id, &text, now).await?;
    }
    tx.commit().await?;
    if fixed {
        let release = fixed_in.map_or_else(|| row.fixed_in.clone(), str::to_owned);
        let summary =
            format!("The known problem “{}” is fixed.\n\n{}", row.title, update.body.trim());
        problem_cases::resolve_fixed(state, &engineer, id, (&release, &summary)).await?;
    }
    state.jobs.wake();
    problem(state, viewer, id).await
}

/// Links cases to the problem (engineers and admins), all or none;
/// answers the references newly linked.
pub async fn link_cases(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    references: &[String],
) -> Result<Vec<String>, ServerError> {
    authorize(viewer, Action::ManageProblems)?;
    let row =
        store::one(&state.db, id).await?.ok_or_else(|| AppError::not_found("That problem"))?;
    problem_cases::link(state, viewer, (id, &row.title), references).await
}

/// What each follower who may still see the problem is told of an update.
async fn told_of(
    state: &AppState,
    row: &ProblemRow,
    update: &NewProblemUpdate,
    now: i64,
) -> Result<Vec<Notice>, ServerError> {
    let mut notices = Vec::new();
    for user_id in store::followers(&state.db, row.id).await? {
        let Some(user) = users::active_session_user(&state.db, user_id).await? else { continue };
        let follower = Viewer::User { user, via: AuthMethod::Session };
        if !Reader::of(&state.db, &follower, now).await?.sees(row.audience, &row.restricted_to) {
            continue;
        }
        notices.push(Notice {
            user_id,
            case_id: None,
            subject: format!("{}: {}", row.title, update.status.label()),
            body: format!(
                "{}\n\nYou follow this problem. To stop, open the link and choose \"Stop following\".",
                update.body.trim()
            ),
            link: format!("/status#problem-{}", row.id),
        });
    }
    Ok(notices)
}

/// Follows the problem (`from` where the reader chose to), or stops
/// (`None`): any signed-in reader who may see it.
pub async fn follow(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    from: Option<FollowedFrom>,
) -> Result<Problem, ServerError> {
    let user = viewer.require_user()?.id;
    visible(state, viewer, id).await?;
    store::set_following(&state.db, (id, user), from, state.clock.now_ms()).await?;
    problem(state, viewer, id).await
}

/// The current problems the reader may see that affect one of `products`
/// (a problem naming no product affects them all), as the case form and
/// "Get help" show them before the reader files.
pub async fn affecting(
    state: &AppState,
    viewer: &Viewer,
    products: &[String],
) -> Result<Vec<KnownProblem>, ServerError> {
    let board = board(state, viewer).await?;
    Ok(board
        .current
        .into_iter()
        .filter(|p| p.products.is_empty() || p.products.iter().any(|key| products.contains(key)))
        .map(|p| KnownProblem {
            id: p.id,
            title: p.title,
            status: p.status.label().to_owned(),
            latest: p.updates.into_iter().next().map(|u| u.html).unwrap_or_default(),
            following: p.following,
        })
        .collect())
}

/// "Is it this?" on "Get help": the section's HTML for the current
/// problems that affect what the signed-in customer may file about; empty
/// for anyone else.
pub async fn before_filing(state: &AppState, viewer: &Viewer) -> Result<String, ServerError> {
    if viewer.user().is_none_or(|user| user.role.is_staff()) {
        return Ok(String::new());
    }
    // One who may not file (no contract, say) has nothing to be deflected from.
    let form = crate::cases::server::form_data::form_data(state, viewer, None, FollowedFrom::Help);
    match form.await {
        Ok(data) => Ok(data.known_problems),
        Err(ServerError::App(_)) => Ok(String::new()),
        Err(error) => Err(error),
    }
}

async fn visible(state: &AppState, viewer: &Viewer, id: i64) -> Result<ProblemRow, ServerError> {
    let row =
        store::one(&state.db, id).await?.ok_or_else(|| AppError::not_found("That problem"))?;
    let reader = Reader::of(&state.db, viewer, state.clock.now_ms()).await?;
    match reader.may_read(row.audience, &row.restricted_to) {
        Ok(()) => Ok(row),
        Err(AppError::Unauthorized) => Err(AppError::Unauthorized.into()),
        Err(_) => Err(AppError::not_found("That problem").into()),
    }
}

async fn with_updates(
    state: &AppState,
    viewer: &Viewer,
    rows: Vec<ProblemRow>,
) -> Result<Vec<Problem>, ServerError> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut updates = store::updates_of(&state.db, &ids).await?;
    let followed = match viewer.user() {
        Some(user) => store::followed_by(&state.db, user.id).await?,
        None => Default::default(),
    };
    let reported = authorize(viewer, Action::ManageProblems).is_ok();
    let mut problems = Vec::with_capacity(rows.len());
    for row in rows {
        let report = if reported { Some(store::report(&state.db, row.id).await?) } else { None };
        let (updates, following) =
            (updates.remove(&row.id).unwrap_or_default(), followed.contains(&row.id));
        problems.push(row.into_problem(updates, following, report));
    }
    Ok(problems)
}

async fn check_workaround(state: &AppState, slug: Option<&str>) -> Result<(), ServerError> {
    let Some(slug) = slug else { return Ok(()) };
    match articles::published(&state.db, slug).await? {
        Some(_) => Ok(()),
        None => {
            Err(AppError::bad_request(format!("Workaround: no published article {slug:?}.")).into())
        }
    }
}

fn rendered(markdown: &str) -> Result<String, AppError> {
    let text = markdown.trim();
    if text.is_empty() || text.chars().count() > MAX_UPDATE {
        return Err(AppError::bad_request("Update: 1 to 20,000 characters."));
    }
    Ok(markdown::render(text, &SiteLinks).html)
}
