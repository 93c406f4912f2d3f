//! A new case from an email: a known customer's message that answers no
//! case opens one on the email channel, under the same entitlement check
//! as the portal's form, and the answer carries the case's number and the
//! articles that may already solve it.

use std::collections::BTreeMap;

use super::{
    InboundEmail, Outcome, Proof, answers::refuse, files, receive::settle_in, solved, thread_for,
};
use crate::{
    auth::server::Viewer,
    cases::{
        CaseCreated, CaseField, CaseType, NewCase,
        server::{actions, create, followers},
    },
    entitlements::{
        Channel, ContractStatus, CoveredProduct, check::major_release, server::service,
    },
    error::AppError,
    infra::{error::ServerError, mail::Email},
    kb::server::service as kb,
    runtime::AppState,
};

/// How many articles the answer suggests.
const SUGGESTED_ARTICLES: usize = 3;

/// Opens the case: in one transaction it is filed and charged, the message
/// and its files join it, its "solved" link is made and the message is
/// recorded as received; the answer goes out once that has committed.
pub(super) async fn open(
    state: &AppState,
    viewer: &Viewer,
    email: &InboundEmail,
    raw: &[u8],
    proof: Proof,
) -> Result<Outcome, ServerError> {
    let user = viewer.require_user()?;
    let sender = email.sender.as_deref().unwrap_or_default();
    let Some(organisation_id) = user.organisation_id() else {
        return refuse(state, sender, "staff accounts do not open cases by email").await;
    };
    let entitlements = service::load(state, organisation_id).await?;
    let mut covered: Vec<&CoveredProduct> = entitlements
        .contracts
        .iter()
        .filter(|c| c.status == ContractStatus::Active)
        .flat_map(|c| c.products.iter())
        .collect();
    covered.sort_by(|a, b| a.key.cmp(&b.key));
    covered.dedup_by(|a, b| a.key == b.key);
    let text = format!("{}\n{}", email.subject, email.text);
    let product = match named_product(&covered, &text) {
        Ok(product) => product,
        Err(why) => return refuse(state, sender, &why).await,
    };
    let mut fields = BTreeMap::new();
    fields.insert(CaseField::Product, product.key.clone());
    let releases = state.catalogue.product(&product.key).map(|p| p.releases.as_slice());
    fields.insert(CaseField::Version, version_in(product, releases.unwrap_or_default(), &text));
    let subject = if email.subject.is_empty() { "(no subject)" } else { email.subject.as_str() };
    let description = if email.text.is_empty() {
        "(files only: see the email)".to_owned()
    } else {
        email.text.clone()
    };
    let case = NewCase {
        case_type: CaseType::Question,
        severity: state.catalogue.service_levels.least_urgent(),
        subject: subject.chars().take(200).collect(),
        description,
        fields,
        artifacts: Vec::new(),
        channel: Channel::Email,
        contact_email: None,
        help_session: None,
        client: None,
        accept_hourly_rate: false,
    };
    let files = files::store(state, user.id, email, raw).await?;
    let opened = async {
        let mut tx = state.db.pool().begin().await?;
        let created = create::file_case_in(state, &mut tx, viewer, case).await?;
        let reference = created.reference.clone();
        let note = files.text("The email that opened the case, as received, with its files");
        actions::add_message_in(state, &mut tx, viewer, &reference, &note, &files.tokens).await?;
        let now = state.clock.now_ms();
        followers::add_copied(&mut tx, viewer, &reference, &email.recipients, now).await?;
        let solved = solved::issue_in(&mut tx, state, &reference, user.id).await?;
        let outcome = Outcome::Opened { reference };
        settle_in(&mut tx, &email.message_id, &outcome, &proof).await?;
        tx.commit().await?;
        Ok::<_, ServerError>((created, solved, outcome))
    };
    match opened.await {
        Ok((created, solved, outcome)) => {
            state.jobs.wake();
            answer(state, viewer, email, &created, &solved).await;
            Ok(outcome)
        }
        Err(error) => {
            files.discard(state).await?;
            match error {
                ServerError::App(refusal) => refuse(state, sender, &refusal_text(refusal)).await,
                error => Err(error),
            }
        }
    }
}

/// The product the message is about: the only one the organisation's
/// contracts cover, or the one it names.
fn named_product<'a>(
    covered: &[&'a CoveredProduct],
    text: &str,
) -> Result<&'a CoveredProduct, String> {
    if let [only] = covered {
        return Ok(only);
    }
    let text = text.to_lowercase();
    let named: Vec<&CoveredProduct> = covered
        .iter()
        .copied()
        .filter(|p| text.contains(&p.name.to_lowercase()) || text.contains(&p.key.to_lowercase()))
        .collect();
    match named.as_slice() {
        [one] => Ok(one),
        _ if covered.is_empty() => Err("your organisation has no active contract".into()),
        _ => {
            let names: Vec<&str> = covered.iter().map(|p| p.name.as_str()).collect();
            Err(format!(
                "it does not say which product it is about (name one of: {})",
                names.join(", ")
            ))
        }
    }
}

/// The version the message names (`9.2`, `v8.1.4`): one of a supported
/// release first, else one of a release the product had (which the
/// entitlement check then refuses, as the portal's form would: the case is
/// never filed, or charged, as another release); with none named, the
/// newest supported release, and the engineer asks when it matters.
fn version_in(product: &CoveredProduct, releases: &[String], text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .map(|word| word.trim_end_matches(['.', '!', '?']))
        .filter(|word| word.contains('.') || word.starts_with(['v', 'V']))
        .collect();
    let named_of = |known: &[String]| {
        words.iter().find(|word| major_release(word).is_some_and(|major| known.contains(&major)))
    };
    match named_of(&product.supported_releases).or_else(|| named_of(releases)) {
        Some(version) => version.trim_start_matches(['v', 'V']).to_owned(),
        None => product.supported_releases.last().cloned().unwrap_or_default(),
    }
}

fn refusal_text(refusal: AppError) -> String {
    let text = refusal.to_string();
    text.trim_end_matches('.').to_owned()
}

/// Tells the customer the case's number, the points it used and the
/// articles that may answer it. The case is open whatever happens here: a
/// failure is for the log.
async fn answer(
    state: &AppState,
    viewer: &Viewer,
    email: &InboundEmail,
    created: &CaseCreated,
    solved_link: &str,
) {
    let query = format!("{} {}", email.subject, email.text);
    let articles = match kb::suggest(state, viewer, &query, SUGGESTED_ARTICLES).await {
        Ok(articles) => articles,
        Err(error) => {
            tracing::warn!(error = %error, "no articles suggested for a case opened by email");
            Vec::new()
        }
    };
    let reference = &created.reference;
    let mut body = format!("Hello,\n\nyour case {reference} is open.\n");
    if created.points_spent > 0 {
        body.push_str(&format!(
            "It used {} points; your organisation has {} left.\n",
            created.points_spent, created.balance_after
        ));
    }
    if !articles.is_empty() {
        body.push_str("\nThese articles may already answer it:\n");
        for article in &articles {
            body.push_str(&format!("- {}: {}\n", article.title, state.settings.link(&article.url)));
        }
    }
    let solved = state.settings.link(solved_link);
    let case_link = state.settings.link(&format!("/cases/{reference}"));
    body.push_str(&format!(
        "\nIf one of them solved your problem, close the case with one click: {solved}\n\
         To add to the case, answer this email. The case: {case_link}\n"
    ));
    let to = email.sender.clone().unwrap_or_default();
    let message = Email {
        thread: Some(thread_for(state, reference, 0, &to)),
        to,
        subject: format!("{reference}: Case opened"),
        body,
        automatic: true,
    };
    if let Err(error) = state.mailer.send(message).await {
        tracing::error!(error = %error, "the answer to a case opened by email was not sent");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(key: &str, name: &str, releases: &[&str]) -> CoveredProduct {
        CoveredProduct {
            key: key.into(),
            name: name.into(),
            supported_releases: releases.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    #[test]
    fn the_product_is_the_only_one_covered_or_the_one_named() {
        let gateway = product("gateway", "Kestrel Gateway", &["8", "9"]);
        let mail = product("mail", "Kestrel Mail", &["5", "6"]);

        let only = named_product(&[&gateway], "anything").map(|p| p.key.clone());
        let named =
            named_product(&[&gateway, &mail], "Kestrel Mail drops messages").map(|p| p.key.clone());
        let unnamed = named_product(&[&gateway, &mail], "it is broken");

        assert_eq!(only.as_deref(), Ok("gateway"));
        assert_eq!(named.as_deref(), Ok("mail"));
        assert!(unnamed.is_err_and(|why| why.contains("Kestrel Gateway, Kestrel Mail")));
    }

    #[test]
    fn the_version_is_the_one_named_or_the_newest_supported() {
        let gateway = product("gateway", "Kestrel Gateway", &["8", "9"]);
        let releases = ["7", "8", "9"].map(String::from);
        let version = |text| version_in(&gateway, &releases, text);

        assert_eq!(version("Since the update to 9.2.1, tunnels drop."), "9.2.1");
        assert_eq!(version("On v8 it worked; 9 users complain"), "8");
        assert_eq!(version("Running 7.4 still"), "7.4", "named, to be refused as unsupported");
        assert_eq!(version("Timeouts after 3.5 s, on 9.1"), "9.1", "3 is no release");
        assert_eq!(version("No version here"), "9");
    }
}
