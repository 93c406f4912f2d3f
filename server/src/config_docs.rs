//! The documented configuration is the command line's own: every
//! environment variable an option of `selfdesk` reads is in `.env.example`
//! and in the README's Configuration table with the default the command line
//! applies, and neither names a variable that is gone.

use std::collections::BTreeMap;

use clap::CommandFactory;

use crate::cli::Cli;

const ENV_EXAMPLE: &str = include_str!("../../.env.example");
const README: &str = include_str!("../../README.md");

/// A default this long is described in words in the README's table (the
/// accepted upload types); `.env.example` still shows it whole.
const LONGEST_DEFAULT_IN_TABLE: usize = 40;

#[derive(Debug)]
struct Variable {
    /// The default as the command line applies it; `None` for no default.
    default: Option<String>,
    /// A switch (`--no-jobs`), set by `NAME=true`.
    switch: bool,
}

/// Every environment variable of every option, of every command.
fn variables() -> BTreeMap<String, Variable> {
    let mut found = BTreeMap::new();
    let mut commands = vec![Cli::command()];
    while let Some(command) = commands.pop() {
        for arg in command.get_arguments() {
            let Some(name) = arg.get_env() else { continue };
            let switch = !arg.get_action().takes_values();
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|value| value.to_string_lossy().into_owned())
                .collect();
            let default = (!switch && !defaults.is_empty()).then(|| defaults.join(","));
            found.insert(name.to_string_lossy().into_owned(), Variable { default, switch });
        }
        commands.extend(command.get_subcommands().cloned());
    }
    found
}

/// `NAME=value` lines of `.env.example`, commented out or not.
fn env_example() -> BTreeMap<String, String> {
    ENV_EXAMPLE
        .lines()
        .map(|line| line.trim_start_matches('#').trim())
        .filter_map(|line| line.split_once('='))
        .filter(|(name, _)| {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

/// The rows of the README's Configuration table: name and default cell.
fn readme_table() -> BTreeMap<String, String> {
    let section = README
        .split("\n## ")
        .find(|section| section.starts_with("Configuration\n"))
        .expect("the README has a Configuration section");
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let name = cells.first()?.trim_start_matches("| ").trim_matches('`');
            Some((name.to_owned(), cells.get(2)?.to_string()))
        })
        .collect()
}

#[test]
fn every_variable_is_in_env_example_with_its_default() {
    let example = env_example();
    for (name, variable) in variables() {
        let value = example.get(&name).unwrap_or_else(|| panic!("{name} is not in .env.example"));
        if variable.switch {
            assert_eq!(value, "true", "{name} is a switch: .env.example should show {name}=true");
        } else if let Some(default) = &variable.default {
            assert_eq!(value, default, ".env.example shows another default for {name}");
        }
    }
}

#[test]
fn every_variable_is_in_the_readme_table_with_its_default() {
    let table = readme_table();
    for (name, variable) in variables() {
        let cell = table
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is not in the README's Configuration table"));
        if let Some(default) = variable.default.filter(|d| d.len() <= LONGEST_DEFAULT_IN_TABLE) {
            assert!(
                cell.contains(&format!("`{default}`")),
                "the README's table gives {name} the default {cell:?}, the command line {default:?}"
            );
        }
    }
}

#[test]
fn the_documents_name_no_variable_that_is_gone() {
    let known = variables();
    let documented = env_example().into_keys().chain(readme_table().into_keys());
    for name in documented {
        assert!(known.contains_key(&name), "{name} is documented but no option reads it");
    }
}

#[test]
fn the_readers_find_the_variables() {
    // Guards the three readers above: a format change must not make them
    // find nothing and pass.
    assert!(variables().len() >= 30);
    assert!(variables().contains_key("SELFDESK_NO_JOBS"));
    assert!(env_example().contains_key("DATABASE_URL"));
    assert!(readme_table().contains_key("SELFDESK_ADDR"));
}
