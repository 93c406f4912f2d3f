//! Configurable synonyms: groups of words and phrases that mean the same.

use std::collections::HashMap;

/// The list Selfdesk ships with.
const DEFAULT: &str = include_str!("synonyms.txt");

#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    /// A single lower-cased word to the other members of its groups.
    by_word: HashMap<String, Vec<String>>,
}

impl Synonyms {
    pub fn builtin() -> Self {
        Self::parse(DEFAULT)
    }

    pub fn parse(text: &str) -> Self {
        let mut by_word: HashMap<String, Vec<String>> = HashMap::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let group: Vec<String> = line
                .split(',')
                .map(|member| member.trim().to_lowercase())
                .filter(|m| !m.is_empty())
                .collect();
            for member in group.iter().filter(|m| !m.contains(' ')) {
                let others = by_word.entry(member.clone()).or_default();
                for other in group.iter().filter(|o| *o != member) {
                    if !others.contains(other) {
                        others.push(other.clone());
                    }
                }
            }
        }
        Self { by_word }
    }

    /// The other words and phrases of the word's groups.
    pub fn of(&self, word: &str) -> &[String] {
        self.by_word.get(&word.to_lowercase()).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_expand_both_ways_with_phrases() {
        let synonyms = Synonyms::parse("# comment\nlogin, log in, sign in\nlogin, logon\n");
        assert_eq!(synonyms.of("Login"), ["log in", "sign in", "logon"]);
        assert_eq!(synonyms.of("logon"), ["login"]);
        assert!(synonyms.of("log in").is_empty(), "phrases only expand, they do not trigger");
    }

    #[test]
    fn the_builtin_list_reads() {
        assert!(Synonyms::builtin().of("2fa").contains(&"mfa".to_owned()));
    }
}
