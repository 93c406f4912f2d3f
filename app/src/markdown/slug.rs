//! Slugs for article addresses and heading anchors.

use std::collections::HashSet;

/// Lower-case ASCII words joined by `-`: "Error 0x80070005: Access denied"
/// becomes `error-0x80070005-access-denied`. Letters with accents lose them;
/// other scripts are dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            slug.push(c.to_ascii_lowercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    slug.truncate(slug.char_indices().nth(80).map_or(slug.len(), |(i, _)| i));
    slug.trim_end_matches('-').to_owned()
}

fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        _ => "",
    };
    let own = (folded.is_empty()).then_some(c);
    own.into_iter().chain(folded.chars())
}

/// A valid article slug as given in front matter: 1 to 100 of `a-z`, `0-9`, `-`.
pub fn is_valid_slug(slug: &str) -> bool {
    (1..=100).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Hands out anchor ids, unique within one article.
#[derive(Default)]
pub struct Anchors(HashSet<String>);

impl Anchors {
    /// Every id carries this prefix, so an article can never reuse an id of
    /// the page around it (`main`, form fields...).
    pub const PREFIX: &'static str = "s-";

    pub fn unique(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            slug if slug.is_empty() => "section".to_owned(),
            slug => slug,
        };
        let mut id = format!("{}{base}", Self::PREFIX);
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{}{base}-{n}", Self::PREFIX);
            n += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_codes_and_drop_punctuation() {
        assert_eq!(slugify("Error 0x80070005: Access denied!"), "error-0x80070005-access-denied");
        assert_eq!(slugify("  Über-Größe café  "), "uber-grosse-cafe");
        assert_eq!(slugify("550 5.7.1"), "550-5-7-1");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn anchors_are_prefixed_and_unique() {
        let mut anchors = Anchors::default();
        assert_eq!(anchors.unique("Resolution"), "s-resolution");
        assert_eq!(anchors.unique("Resolution"), "s-resolution-2");
        assert_eq!(anchors.unique("???"), "s-section");
    }

    #[test]
    fn front_matter_slugs_are_checked() {
        assert!(is_valid_slug("mail-stuck-in-queue"));
        assert!(!is_valid_slug("Mail Stuck"));
        assert!(!is_valid_slug("../etc/passwd"));
        assert!(!is_valid_slug(""));
    }
}
