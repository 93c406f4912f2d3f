//! An article's metadata from its front matter and its rendered body, with
//! the fallbacks the format promises (title from the first heading, summary
//! from the first paragraph, slug from the file name).

use std::path::Path;

use jiff::{Timestamp, civil::Date, tz::TimeZone};

use super::{audiences::AudienceMap, front_matter::FrontMatter};
use crate::{
    cases::CaseType,
    kb::{Audience, Restriction, parse_case_type},
    markdown::{Rendered, slug::slugify},
};

/// Summaries longer than this are cut at a word.
const MAX_SUMMARY_CHARS: usize = 300;

pub fn title(front: &FrontMatter, rendered: &Rendered, relative: &Path) -> String {
    front.title.clone().or_else(|| rendered.first_heading.clone()).unwrap_or_else(|| {
        let stem = relative
            .file_stem()
            .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
            .unwrap_or_default();
        let mut chars = stem.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_else(|| "Untitled".into())
    })
}

pub fn summary(front: &FrontMatter, rendered: &Rendered) -> String {
    let text =
        front.summary.clone().or_else(|| rendered.first_paragraph.clone()).unwrap_or_default();
    if text.chars().count() <= MAX_SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_SUMMARY_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word}…")
}

/// The slug a file gets without one in its front matter: its name, or its
/// folder's for `index.md` and `README.md`.
pub fn derived_slug(relative: &Path) -> String {
    let stem = relative.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name = match stem.as_str() {
        "index" | "readme" => {
            relative.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned())
        }
        _ => None,
    };
    let slug = slugify(&name.unwrap_or(stem));
    if slug.is_empty() { "article".into() } else { slug }
}

/// The slug from the whole path, for files whose names collide.
pub fn path_slug(relative: &Path) -> String {
    let without_extension = relative.with_extension("");
    slugify(&without_extension.to_string_lossy())
}

/// Who may read it. A value neither Selfdesk nor the operator's mapping
/// knows makes the article staff only (and is reported): a typo must never
/// publish an internal article.
pub fn audience(front: &FrontMatter, map: &AudienceMap) -> (Audience, Option<String>) {
    match front.audience.as_deref() {
        None => (Audience::Public, None),
        Some(value) => match map.resolve(value) {
            Some(audience) => (audience, None),
            None => (Audience::Internal, Some(value.to_owned())),
        },
    }
}

/// Plans and organisations narrow a customers' article; on any other
/// audience they would say something the audience contradicts.
pub fn restriction(front: &FrontMatter, audience: Audience) -> Result<Restriction, String> {
    let restriction =
        Restriction { plans: front.plans.clone(), organisations: front.organisations.clone() };
    if !restriction.is_empty() && audience != Audience::Customers {
        return Err(format!(
            "`plans` and `organisations` choose among customers: set `audience: customers` (it is {}).",
            audience.as_str()
        ));
    }
    Ok(restriction)
}

pub fn case_types(front: &FrontMatter) -> Result<Vec<CaseType>, String> {
    front.case_types.iter().map(|value| parse_case_type(value).map_err(|e| e.to_string())).collect()
}

/// The article's date: `2026-11-22`, RFC 3339, or `11/22/2026`.
pub fn date_ms(value: &str) -> Option<i64> {
    let value = value.trim();
    if let Ok(timestamp) = value.parse::<Timestamp>() {
        return Some(timestamp.as_millisecond());
    }
    let date = value.parse::<Date>().ok().or_else(|| {
        let mut parts = value.split('/');
        let (month, day, year) =
            (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
        Date::new(year, month, day).ok()
    })?;
    date.to_zoned(TimeZone::UTC).ok().map(|zoned| zoned.timestamp().as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_fall_back_to_the_heading_then_the_file_name() {
        let front = FrontMatter::default();
        let with_heading =
            Rendered { first_heading: Some("Mail stuck".into()), ..Rendered::default() };
        assert_eq!(title(&front, &with_heading, Path::new("x.md")), "Mail stuck");
        assert_eq!(
            title(&front, &Rendered::default(), Path::new("a/agent-wont-start.md")),
            "Agent wont start"
        );
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let front = FrontMatter { summary: Some("word ".repeat(100)), ..FrontMatter::default() };
        let text = summary(&front, &Rendered::default());
        assert!(text.ends_with("word…") && text.chars().count() <= MAX_SUMMARY_CHARS + 1, "{text}");
    }

    #[test]
    fn slugs_come_from_names_or_folders() {
        assert_eq!(derived_slug(Path::new("mail/Queue Stuck.md")), "queue-stuck");
        assert_eq!(derived_slug(Path::new("agent/install/index.md")), "install");
        assert_eq!(path_slug(Path::new("sql/general/overview.md")), "sql-general-overview");
    }

    #[test]
    fn unknown_audiences_are_staff_only() {
        let front = FrontMatter { audience: Some("itpro".into()), ..FrontMatter::default() };
        let none = AudienceMap::default();
        assert_eq!(audience(&front, &none), (Audience::Internal, Some("itpro".into())));
        assert_eq!(audience(&FrontMatter::default(), &none), (Audience::Public, None));
        let mapped = AudienceMap::parse(["itpro=public"]).expect("a mapping");
        assert_eq!(audience(&front, &mapped), (Audience::Public, None));
    }

    #[test]
    fn dates_in_three_shapes() {
        let expected = Some(1_795_305_600_000);
        assert_eq!(date_ms("2026-11-22"), expected);
        assert_eq!(date_ms("11/22/2026"), expected);
        assert_eq!(date_ms("2026-11-22T00:00:00Z"), expected);
        assert_eq!(date_ms("someday"), None);
        assert_eq!(date_ms("13/45/2020"), None);
    }
}
