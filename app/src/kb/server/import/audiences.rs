//! Audiences at import: what a third-party corpus calls its readers
//! (`itpro`, `Application User`, ...) mapped to Selfdesk's audiences by the
//! operator, and how many articles each audience got.

use std::collections::{BTreeMap, HashMap};

use crate::kb::Audience;

/// Foreign audience values and the audience each stands for. Values are
/// matched without regard to case or surrounding spaces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AudienceMap {
    to: HashMap<String, Audience>,
}

impl AudienceMap {
    /// From `VALUE=AUDIENCE` pairs, as typed after `--audience-map` or
    /// read from a mapping file's lines.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut map = Self::default();
        for pair in pairs {
            let (value, audience) = pair.split_once('=').ok_or_else(|| {
                format!("{pair:?}: write VALUE=AUDIENCE, for example itpro=public")
            })?;
            let value = key(value);
            if value.is_empty() {
                return Err(format!("{pair:?}: the value to map is empty"));
            }
            let audience = Audience::parse(audience.trim()).ok_or_else(|| {
                format!(
                    "{pair:?}: {:?} is not an audience (public, customers or internal)",
                    audience.trim()
                )
            })?;
            map.to.insert(value, audience);
        }
        Ok(map)
    }

    /// A mapping file: one `VALUE=AUDIENCE` a line; blank lines and lines
    /// starting with `#` are skipped.
    pub fn parse_file(text: &str) -> Result<Self, String> {
        let lines = text.lines().enumerate().filter(|(_, line)| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with('#')
        });
        let mut map = Self::default();
        for (number, line) in lines {
            let one = Self::parse([line]).map_err(|e| format!("line {}: {e}", number + 1))?;
            map.to.extend(one.to);
        }
        Ok(map)
    }

    pub fn extend(&mut self, other: Self) {
        self.to.extend(other.to);
    }

    /// The audience an article's front matter gives: Selfdesk's own words,
    /// then the operator's mapping; `None` for a value neither knows.
    pub fn resolve(&self, value: &str) -> Option<Audience> {
        Audience::parse(value.trim()).or_else(|| self.to.get(&key(value)).copied())
    }
}

fn key(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Articles per audience in one import, for its summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AudienceCounts(pub BTreeMap<Audience, usize>);

impl AudienceCounts {
    pub fn add(&mut self, audience: Audience) {
        *self.0.entry(audience).or_default() += 1;
    }
}

impl std::fmt::Display for AudienceCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = Audience::ALL
            .iter()
            .map(|audience| format!("{} {}", audience.as_str(), self.0.get(audience).unwrap_or(&0)))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_map_foreign_values_whatever_their_case() {
        let map = AudienceMap::parse(["itpro=public", " Application User = customers "])
            .expect("valid pairs");
        assert_eq!(map.resolve("ITPro"), Some(Audience::Public));
        assert_eq!(map.resolve("application user"), Some(Audience::Customers));
        assert_eq!(map.resolve("customers"), Some(Audience::Customers), "own words still count");
        assert_eq!(map.resolve("developer"), None);
    }

    #[test]
    fn bad_pairs_say_what_is_wrong() {
        assert!(AudienceMap::parse(["itpro"]).expect_err("no =").contains("VALUE=AUDIENCE"));
        assert!(
            AudienceMap::parse(["itpro=nobody"])
                .expect_err("no such audience")
                .contains("not an audience")
        );
        assert!(AudienceMap::parse(["=public"]).expect_err("nothing to map").contains("empty"));
    }

    #[test]
    fn a_mapping_file_skips_comments_and_names_the_bad_line() {
        let map = AudienceMap::parse_file("# foreign audiences\n\nitpro=public\ndev = internal\n")
            .expect("valid file");
        assert_eq!(map.resolve("dev"), Some(Audience::Internal));
        let error =
            AudienceMap::parse_file("itpro=public\nadmin:internal\n").expect_err("line 2 is wrong");
        assert!(error.starts_with("line 2:"), "{error}");
    }

    #[test]
    fn counts_read_as_a_summary() {
        let mut counts = AudienceCounts::default();
        for audience in [Audience::Public, Audience::Public, Audience::Internal] {
            counts.add(audience);
        }
        assert_eq!(counts.to_string(), "public 2, customers 0, internal 1");
    }
}
