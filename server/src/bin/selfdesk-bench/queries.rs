//! The query sets, each query with the one article it should find. None
//! copies its target's title: link texts of other articles (those that
//! paraphrase the title, as people paste from a forum or an email, apart),
//! error messages and codes quoted in the body, and typed variations.

use std::collections::{HashMap, HashSet};

use app::infra::db::Db;

use crate::corpus::{Planted, Rng};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Symptom,
    TitleLike,
    ErrorMessage,
    ErrorCode,
    Keywords,
    Prefix,
    Misspelt,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Symptom,
        Kind::TitleLike,
        Kind::ErrorMessage,
        Kind::ErrorCode,
        Kind::Keywords,
        Kind::Prefix,
        Kind::Misspelt,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Symptom => "symptom sentence",
            Kind::TitleLike => "title-like link text",
            Kind::ErrorMessage => "error message",
            Kind::ErrorCode => "error code",
            Kind::Keywords => "2–3 keywords",
            Kind::Prefix => "typed prefix",
            Kind::Misspelt => "misspelt word",
        }
    }

    /// Kinds whose words come from (or, generated, also stand in) the
    /// links other articles make to the target.
    fn drawn_from_links(self) -> bool {
        !matches!(self, Kind::ErrorMessage | Kind::ErrorCode)
    }
}

/// Marks, for each query drawn from links, the articles linking to its target.
pub async fn attach_sources(db: &Db, queries: &mut [Query]) -> anyhow::Result<()> {
    let links: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT l.target_slug, a.slug FROM article_links l \
         JOIN articles a ON a.id = l.article_id ORDER BY l.target_slug, a.slug",
    )
    .fetch_all(db.pool())
    .await?;
    let mut linking: HashMap<&str, Vec<String>> = HashMap::new();
    for (target, source) in &links {
        if source != target {
            linking.entry(target).or_default().push(source.clone());
        }
    }
    for query in queries.iter_mut().filter(|q| q.kind.drawn_from_links()) {
        query.sources = linking.get(query.target.as_str()).cloned().unwrap_or_default();
    }
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Query {
    pub kind: Kind,
    pub text: String,
    pub target: String,
    /// Articles that hold the query's words because they link to the
    /// target: left out of its ranking, for both engines.
    pub sources: Vec<String>,
}

impl Query {
    fn new(kind: Kind, text: String, target: String) -> Self {
        Self { kind, text, target, sources: Vec::new() }
    }
}

const STOP: [&str; 40] = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "is",
    "are",
    "be",
    "this",
    "that",
    "how",
    "what",
    "when",
    "you",
    "your",
    "can",
    "not",
    "use",
    "using",
    "about",
    "more",
    "see",
    "information",
    "article",
    "here",
    "learn",
    "it",
    "as",
    "if",
    "do",
    "does",
];

fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .collect()
}

/// Up to three content words, the longest (most telling) first kept in order.
fn keywords(text: &str) -> Option<String> {
    let words = content_words(text);
    let mut by_length: Vec<&String> = words.iter().collect();
    by_length.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let keep: HashSet<&String> = by_length.into_iter().take(3).collect();
    let picked: Vec<&str> = words.iter().filter(|w| keep.contains(w)).map(String::as_str).collect();
    (picked.len() >= 2).then(|| picked.join(" "))
}

/// The last word cut as someone still typing it.
fn prefix(text: &str) -> Option<String> {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    let last = words.pop()?;
    let keep = (last.chars().count() * 6 / 10).max(3);
    (last.chars().count() > keep).then(|| {
        words.push(last.chars().take(keep).collect());
        words.join(" ")
    })
}

/// The longest word with two inner letters swapped.
fn misspelt(text: &str) -> Option<String> {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    let (index, word) = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .max_by_key(|(_, w)| w.len())?;
    let mut chars: Vec<char> = word.chars().collect();
    let at = chars.len() / 2;
    if chars[at] == chars[at - 1] {
        chars.remove(at);
    } else {
        chars.swap(at - 1, at);
    }
    words[index] = chars.into_iter().collect();
    Some(words.join(" "))
}

/// Takes `n` items, spread deterministically over the candidates.
fn sample<T>(mut items: Vec<T>, n: usize, seed: u64) -> Vec<T> {
    let mut rng = Rng::new(seed);
    let mut picked = Vec::new();
    while picked.len() < n && !items.is_empty() {
        let at = rng.below(items.len());
        picked.push(items.swap_remove(at));
    }
    picked
}

/// Codes as people paste them: `0x80070005`, `550 5.7.1`, `Event ID 4625`, `DTS_E_OLEDBERROR`.
fn codes(body: &str) -> Vec<String> {
    let tokens: Vec<&str> = body
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .collect();
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let hex = token.len() == 10
            && token.starts_with("0x")
            && token[2..].bytes().all(|b| b.is_ascii_hexdigit());
        let upper_id = token.len() >= 8
            && token.contains('_')
            && token.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit());
        if hex || upper_id {
            found.push((*token).to_owned());
        }
        let smtp = token.len() >= 5
            && token.split('.').count() == 3
            && token.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if smtp
            && i > 0
            && tokens[i - 1].len() == 3
            && tokens[i - 1].bytes().all(|b| b.is_ascii_digit())
        {
            found.push(format!("{} {token}", tokens[i - 1]));
        }
        let event_id = token.eq_ignore_ascii_case("event")
            && tokens.get(i + 1).is_some_and(|t| t.eq_ignore_ascii_case("id"));
        let number = tokens
            .get(i + 2)
            .filter(|t| (3..=5).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()));
        if let (true, Some(number)) = (event_id, number) {
            found.push(format!("Event ID {number}"));
        }
    }
    found
}

const ERROR_WORDS: [&str; 6] = ["error", "failed", "cannot", "unable", "denied", "exception"];

/// Eight words around an error word, from lines that look like messages.
fn message_windows(body: &str) -> Vec<String> {
    body.lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let at = words
                .iter()
                .position(|w| ERROR_WORDS.iter().any(|e| w.to_lowercase().starts_with(e)))?;
            (words.len() >= 8).then(|| {
                let start = at.saturating_sub(3).min(words.len() - 8);
                words[start..start + 8].join(" ")
            })
        })
        .collect()
}

/// Queries for a real corpus, from the articles and links in the database.
/// A link's target slug and its text.
type LinkText = (String, String);

pub async fn for_real(db: &Db, per_kind: usize) -> anyhow::Result<Vec<Query>> {
    let articles: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, title, body_text FROM articles ORDER BY slug")
            .fetch_all(db.pool())
            .await?;
    let titles: HashMap<&str, &str> =
        articles.iter().map(|(s, t, _)| (s.as_str(), t.as_str())).collect();
    let links: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT target_slug, link_text FROM article_links ORDER BY target_slug, link_text",
    )
    .fetch_all(db.pool())
    .await?;
    let mut queries = Vec::new();
    // Link texts that do not repeat their target's title, and those that
    // paraphrase it (most of their words in the title, yet not the title).
    let (usable, title_like): (Vec<LinkText>, Vec<LinkText>) = links
        .into_iter()
        .filter(|(target, text)| {
            titles.get(target.as_str()).is_some_and(|title| {
                content_words(text).len() >= 2 && !title.eq_ignore_ascii_case(text.trim())
            })
        })
        .partition(|(target, text)| {
            let title_words: HashSet<String> =
                content_words(titles[target.as_str()]).into_iter().collect();
            let words = content_words(text);
            let shared = words.iter().filter(|w| title_words.contains(*w)).count();
            shared * 2 <= words.len()
        });
    let title_like: Vec<(String, String)> =
        title_like.into_iter().filter(|(_, text)| content_words(text).len() >= 3).collect();
    for (target, text) in sample(title_like, per_kind, 3) {
        queries.push(Query::new(Kind::TitleLike, text, target));
    }
    let long: Vec<(String, String)> =
        usable.iter().filter(|(_, text)| text.split_whitespace().count() >= 5).cloned().collect();

    for (target, text) in sample(long, per_kind, 1) {
        queries.push(Query::new(Kind::Symptom, text, target));
    }
    // What someone types: a few telling words of a link text, then the
    // same cut short or misspelt; each kind from its own sample.
    let typed: Vec<(String, String)> = usable
        .into_iter()
        .filter_map(|(target, text)| keywords(&text).map(|k| (target, k)))
        .collect();
    type Vary = fn(&str) -> Option<String>;
    let variations: [(Kind, u64, Vary); 3] = [
        (Kind::Keywords, 2, |k| Some(k.to_owned())),
        (Kind::Prefix, 5, prefix),
        (Kind::Misspelt, 6, misspelt),
    ];
    for (kind, seed, vary) in variations {
        let varied: Vec<(String, String)> = typed
            .iter()
            .filter_map(|(target, k)| vary(k).map(|text| (target.clone(), text)))
            .collect();
        for (target, text) in sample(varied, per_kind, seed) {
            queries.push(Query::new(kind, text, target));
        }
    }

    let mut code_owners: HashMap<String, HashSet<&str>> = HashMap::new();
    for (slug, _, body) in &articles {
        for code in codes(body) {
            code_owners.entry(code).or_default().insert(slug);
        }
    }
    let mut unique_codes: Vec<(String, String)> = code_owners
        .into_iter()
        .filter(|(_, owners)| owners.len() == 1)
        .filter_map(|(code, owners)| owners.into_iter().next().map(|slug| (slug.to_owned(), code)))
        .collect();
    unique_codes.sort();
    for (target, text) in sample(unique_codes, per_kind, 3) {
        queries.push(Query::new(Kind::ErrorCode, text, target));
    }

    let lowered: Vec<String> = articles.iter().map(|(_, _, body)| body.to_lowercase()).collect();
    let mut messages = Vec::new();
    let candidates: Vec<(String, String)> = articles
        .iter()
        .flat_map(|(slug, _, body)| {
            message_windows(body).into_iter().map(move |w| (slug.clone(), w))
        })
        .collect();
    for (target, text) in sample(candidates, per_kind * 4, 4) {
        let needle = text.to_lowercase();
        if lowered.iter().filter(|body| body.contains(&needle)).count() == 1 {
            messages.push(Query::new(Kind::ErrorMessage, text, target));
        }
        if messages.len() == per_kind {
            break;
        }
    }
    queries.extend(messages);
    Ok(queries)
}

/// Queries for the generated corpus, from what its articles planted.
pub fn for_generated(plants: &[Planted], per_kind: usize) -> Vec<Query> {
    let step = (plants.len() / per_kind.max(1)).max(1);
    let mut queries = Vec::new();
    for plant in plants.iter().step_by(step).take(per_kind) {
        let [t0, t1, _, t3] = &plant.topic;
        let target = plant.slug.clone();
        let keywords = format!("{t3} {t0}");
        queries.push(Query::new(
            Kind::Symptom,
            format!("why does the {t3} {t1} keep failing for us"),
            target.clone(),
        ));
        queries.push(Query::new(Kind::ErrorMessage, plant.message.clone(), target.clone()));
        queries.push(Query::new(Kind::ErrorCode, plant.code.clone(), target.clone()));
        queries.push(Query::new(Kind::Keywords, keywords.clone(), target.clone()));
        if let Some(text) = prefix(&format!("{t0} {t3}")) {
            queries.push(Query::new(Kind::Prefix, text, target.clone()));
        }
        if let Some(text) = misspelt(&keywords) {
            queries.push(Query::new(Kind::Misspelt, text, target));
        }
    }
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variations_are_as_described() {
        assert_eq!(
            keywords("configure the mail relay for scanners"),
            Some("configure relay scanners".into())
        );
        assert_eq!(prefix("relay scanners"), Some("relay scan".into()));
        assert_eq!(misspelt("relay scanners"), Some("relay scaners".into()));
        assert_eq!(
            codes("fails with 550 5.7.1 and 0x80070005 (Event ID 4625) DTS_E_OLEDBERROR"),
            vec!["550 5.7.1", "0x80070005", "Event ID 4625", "DTS_E_OLEDBERROR"]
        );
    }
}
