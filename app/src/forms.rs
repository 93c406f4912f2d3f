//! How the values of plain HTML forms read into the typed inputs of server
//! functions. Every server function that a form posts to takes one input
//! struct, its fields named `input[field]` in the form (serde_qs's nesting,
//! the way `ActionForm` reads complex arguments). Two things HTML does
//! differently from serde need a helper: a checkbox is sent only when
//! ticked, and a select's blank option means "none".

/// A checkbox: a form sends its field only when ticked (with any value but
/// `false`, which the browser's copy of the form writes for an unticked
/// box); JSON sends a plain bool, and the value serializes as one.
/// Use with `#[serde(default, deserialize_with = "crate::forms::checkbox")]`.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Ticked;

    impl serde::de::Visitor<'_> for Ticked {
        type Value = bool;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a checkbox's value or a bool")
        }

        fn visit_bool<E>(self, ticked: bool) -> Result<bool, E> {
            Ok(ticked)
        }

        fn visit_str<E>(self, value: &str) -> Result<bool, E> {
            Ok(!matches!(value.trim(), "" | "false" | "off"))
        }
    }

    deserializer.deserialize_any(Ticked)
}

/// An optional value whose blank means none (a select's "no organisation",
/// "any level"), parsed with the type's `FromStr` otherwise.
/// Use with `#[serde(default, deserialize_with = "crate::forms::blank_as_none")]`.
pub fn blank_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let value: Option<String> = serde::Deserialize::deserialize(deserializer)?;
    non_blank(value.as_deref()).map_err(serde::de::Error::custom)
}

/// A value that may be left blank: `None` when missing or blank, parsed
/// with the type's `FromStr` otherwise (forms, and the queue's address).
pub fn non_blank<T: std::str::FromStr>(value: Option<&str>) -> Result<Option<T>, T::Err> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some),
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::accounts::Level;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Input {
        #[serde(default, deserialize_with = "super::checkbox")]
        active: bool,
        #[serde(default, deserialize_with = "super::blank_as_none")]
        level: Option<Level>,
        #[serde(default, deserialize_with = "super::blank_as_none")]
        organisation_id: Option<i64>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Form {
        input: Input,
    }

    fn read(query: &str) -> Result<Input, serde_qs::Error> {
        serde_qs::Config::new(5, false).deserialize_str::<Form>(query).map(|form| form.input)
    }

    #[test]
    fn a_ticked_box_reads_true_and_a_missing_one_false() {
        let ticked = read("input[active]=on&input[level]=L2&input[organisation_id]=7");
        let unticked = read("input[level]=&input[organisation_id]=");

        let expected = Input { active: true, level: Some(Level::L2), organisation_id: Some(7) };
        assert_eq!(ticked.ok(), Some(expected));
        assert_eq!(
            unticked.ok(),
            Some(Input { active: false, level: None, organisation_id: None })
        );
    }

    #[test]
    fn the_browsers_copy_of_a_form_reads_back_the_same() {
        for active in [false, true] {
            let input = Input { active, level: Some(Level::L3), organisation_id: None };
            let sent = serde_qs::to_string(&Form2 { input: &input }).expect("serializes");

            assert_eq!(read(&sent).ok(), Some(input));
        }
    }

    #[test]
    fn json_sends_a_checkbox_as_a_bool() {
        let input = serde_json::from_str::<Input>(r#"{"active": true}"#).expect("reads");

        assert!(input.active);
    }

    #[derive(Serialize)]
    struct Form2<'a> {
        input: &'a Input,
    }

    #[test]
    fn an_unknown_word_is_refused_with_the_words_it_knows() {
        let error = read("input[level]=L9").err().map(|e| e.to_string()).unwrap_or_default();

        assert!(error.contains("L1, L2, L3"), "{error}");
    }
}
