//! Where in a TOML file a setting is (`plans[2].availability`), so that a
//! rule checked after reading can name the line it breaks, as the reader's
//! own errors do.

use std::fmt;

use toml::de::{DeTable, DeValue};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A path of keys and array indices from the top of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyPath(Vec<Step>);

impl KeyPath {
    pub fn key(name: impl Into<String>) -> Self {
        Self::default().then(name)
    }

    /// The `index`-th entry of the array `name` (`[[plans]]`).
    pub fn entry(name: impl Into<String>, index: usize) -> Self {
        Self::key(name).at(index)
    }

    pub fn then(mut self, name: impl Into<String>) -> Self {
        self.0.push(Step::Key(name.into()));
        self
    }

    pub fn at(mut self, index: usize) -> Self {
        self.0.push(Step::Index(index));
        self
    }

    /// The line (from 1) where the setting is written in `text`, or where
    /// the nearest enclosing table or entry starts when the setting itself
    /// is missing.
    pub fn line_in(&self, text: &str) -> Option<usize> {
        let document = DeTable::parse(text).ok()?;
        let mut span = document.span();
        // `None`: the top of the file.
        let mut here: Option<&DeValue> = None;
        for step in &self.0 {
            let found = match (step, here) {
                (Step::Key(name), None) => find(document.get_ref(), name),
                (Step::Key(name), Some(DeValue::Table(table))) => find(table, name),
                (Step::Index(index), Some(DeValue::Array(array))) => {
                    array.get(*index).map(|value| (value.span(), value.get_ref()))
                }
                _ => None,
            };
            let Some((found_span, value)) = found else { break };
            span = found_span;
            here = Some(value);
        }
        let before = text.get(..span.start)?;
        Some(before.matches('\n').count() + 1)
    }
}

/// A key of a table: where it is written, and its value.
fn find<'t, 'i>(
    table: &'t DeTable<'i>,
    name: &str,
) -> Option<(std::ops::Range<usize>, &'t DeValue<'i>)> {
    table
        .iter()
        .find(|(key, _)| key.get_ref().as_ref() == name)
        .map(|(key, value)| (key.span(), value.get_ref()))
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, step) in self.0.iter().enumerate() {
            match step {
                Step::Index(index) => write!(f, "[{index}]")?,
                Step::Key(name) => {
                    // Quoted as the files quote them: "8x5", "24x7".
                    let bare = name.starts_with(|c: char| c.is_ascii_alphabetic())
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    let dot = if position == 0 { "" } else { "." };
                    match bare {
                        true => write!(f, "{dot}{name}")?,
                        false => write!(f, "{dot}{name:?}")?,
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[points]\npacks = [50]\n\n[[plans]]\nkey = \"a\"\n\n[[plans]]\nkey = \"b\"\navailability = \"12x5\"\n\n[calendars.\"8x5\"]\nhours = \"x\"\n";

    #[test]
    fn names_the_line_of_a_setting_or_of_what_holds_it() {
        let second_plan = KeyPath::entry("plans", 1);
        assert_eq!(second_plan.clone().then("availability").line_in(FILE), Some(9));
        assert_eq!(second_plan.clone().then("key").line_in(FILE), Some(8));
        // A missing setting: where its entry starts.
        let missing = second_plan.then("name").line_in(FILE).expect("a line");
        assert!((7..=9).contains(&missing), "{missing}");
        assert_eq!(KeyPath::key("calendars").then("8x5").then("hours").line_in(FILE), Some(12));
        assert_eq!(KeyPath::key("points").then("packs").line_in(FILE), Some(2));
    }

    #[test]
    fn reads_like_the_file() {
        let path = KeyPath::key("calendars").then("8x5").then("time_zone");
        assert_eq!(path.to_string(), "calendars.\"8x5\".time_zone");
        assert_eq!(KeyPath::entry("plans", 2).then("key").to_string(), "plans[2].key");
    }
}
