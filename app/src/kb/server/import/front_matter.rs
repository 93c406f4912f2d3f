//! Front matter: YAML between `---` lines or TOML between `+++` lines.
//! Known fields become typed values; every other field is kept as JSON so
//! nothing a third-party corpus carries is lost.

use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub products: Vec<ProductVersions>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub case_types: Vec<String>,
    /// As written; the importer decides what it means.
    pub audience: Option<String>,
    /// A customers' article only for these plans' holders (plan keys)...
    pub plans: Vec<String>,
    /// ...or these organisations (names).
    pub organisations: Vec<String>,
    /// As written (`2026-11-22`, RFC 3339, or `11/22/2026`).
    pub updated: Option<String>,
    /// Every field not listed above.
    pub extra: Map<String, Value>,
}

use crate::kb::ProductVersions;

/// A file split into its front matter and its Markdown body.
#[derive(Clone, Debug, PartialEq)]
pub struct Document<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// The 1-based line of the file the body starts on.
    pub body_line: usize,
}

/// What is wrong and where (1-based line of the file).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> FrontMatterError {
    FrontMatterError { line, message: message.into() }
}

pub fn parse(source: &str) -> Result<Document<'_>, FrontMatterError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    let fence = match first.trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return Ok(Document { front: FrontMatter::default(), body: source, body_line: 1 }),
    };
    let mut offset = first.len();
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            let raw = &source[first.len()..offset];
            let front = if fence == "---" { from_yaml(raw)? } else { from_toml(raw)? };
            return Ok(Document {
                front,
                body: &source[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(error(1, format!("the front matter opened with {fence} is never closed")))
}

/// The line (1-based, in the file) where `key:` or `key =` starts the field.
fn field_line(raw: &str, key: &str) -> usize {
    raw.lines()
        .position(|line| {
            line.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start().starts_with(':') || rest.trim_start().starts_with('=')
            })
        })
        .map_or(2, |index| index + 2)
}

/// The line of the file where a front matter field starts (1 when absent).
pub fn field_line_in_file(source: &str, key: &str) -> usize {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    match source.split_once('\n') {
        Some((_, rest)) => field_line(rest, key),
        None => 1,
    }
}

fn from_yaml(raw: &str) -> Result<FrontMatter, FrontMatterError> {
    let docs = YamlLoader::load_from_str(raw).map_err(|e| {
        // The scanner counts lines of the front matter from 1; it starts on line 2.
        error(e.marker().line() + 1, format!("the YAML front matter cannot be read: {}", e.info()))
    })?;
    let fields = match docs.into_iter().next() {
        None | Some(Yaml::Null) => Map::new(),
        Some(Yaml::Hash(hash)) => {
            let mut fields = Map::new();
            for (key, value) in hash {
                let key = scalar(&key).ok_or_else(|| error(2, "a front matter key is not text"))?;
                fields.insert(key, yaml_to_json(value));
            }
            fields
        }
        Some(_) => return Err(error(2, "the front matter must be a list of `key: value` fields")),
    };
    typed(fields, raw)
}

fn from_toml(raw: &str) -> Result<FrontMatter, FrontMatterError> {
    let table: toml::Table = raw.parse().map_err(|e: toml::de::Error| {
        let line =
            e.span().map_or(0, |span| raw[..span.start.min(raw.len())].lines().count().max(1));
        error(line + 1, format!("the TOML front matter cannot be read: {}", e.message()))
    })?;
    let fields = match serde_json::to_value(table) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    typed(fields, raw)
}

fn scalar(yaml: &Yaml) -> Option<String> {
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn yaml_to_json(yaml: Yaml) -> Value {
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s),
        Yaml::Integer(i) => Value::from(i),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Hash(hash) => Value::Object(
            hash.into_iter()
                .filter_map(|(k, v)| scalar(&k).map(|k| (k, yaml_to_json(v))))
                .collect(),
        ),
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of texts, or one comma-separated text.
fn texts(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(text).collect(),
        Value::Null => Some(Vec::new()),
        Value::String(s) if s.trim().is_empty() => Some(Vec::new()),
        other => text(other)
            .map(|t| t.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()),
    }
}

fn products(value: &Value) -> Option<Vec<ProductVersions>> {
    let product = |item: &Value| match item {
        Value::Object(map) => Some(ProductVersions {
            name: map.get("name").and_then(text)?,
            versions: map.get("versions").map_or(Some(Vec::new()), texts)?,
        }),
        other => text(other).map(|name| ProductVersions { name, versions: Vec::new() }),
    };
    match value {
        Value::Array(items) => items.iter().map(product).collect(),
        // `products: {Postwick Mail Server: [5.x, 6.x]}`
        Value::Object(map) if !map.contains_key("name") => map
            .iter()
            .map(|(name, versions)| {
                Some(ProductVersions { name: name.clone(), versions: texts(versions)? })
            })
            .collect(),
        other => product(other).map(|p| vec![p]),
    }
}

fn typed(mut fields: Map<String, Value>, raw: &str) -> Result<FrontMatter, FrontMatterError> {
    let mut front = FrontMatter::default();
    let take_text = |fields: &mut Map<String, Value>,
                     keys: &[&str]|
     -> Result<Option<String>, FrontMatterError> {
        for key in keys {
            if let Some(value) = fields.remove(*key) {
                return match value {
                    Value::Null => Ok(None),
                    value => text(&value).map(Some).ok_or_else(|| {
                        error(field_line(raw, key), format!("`{key}` must be text"))
                    }),
                };
            }
        }
        Ok(None)
    };
    front.title = take_text(&mut fields, &["title"])?;
    front.slug = take_text(&mut fields, &["slug"])?;
    front.summary = take_text(&mut fields, &["summary", "description"])?;
    front.category = take_text(&mut fields, &["category"])?;
    front.audience = take_text(&mut fields, &["audience"])?;
    front.updated = take_text(&mut fields, &["updated", "date", "ms.date"])?;
    let take_list =
        |fields: &mut Map<String, Value>, key: &str| -> Result<Vec<String>, FrontMatterError> {
            match fields.remove(key) {
                Some(value) => texts(&value).ok_or_else(|| {
                    error(field_line(raw, key), format!("`{key}` must be a list of texts"))
                }),
                None => Ok(Vec::new()),
            }
        };
    front.tags = take_list(&mut fields, "tags")?;
    front.tags.extend(take_list(&mut fields, "keywords")?);
    front.case_types = take_list(&mut fields, "case_types")?;
    front.plans = take_list(&mut fields, "plans")?;
    front.organisations = take_list(&mut fields, "organisations")?;
    for key in ["products", "product"] {
        if let Some(value) = fields.remove(key) {
            let list = products(&value).ok_or_else(|| {
                error(
                    field_line(raw, key),
                    format!("`{key}` must list product names, or names with their versions"),
                )
            })?;
            front.products.extend(list);
        }
    }
    front.tags.dedup();
    front.extra = fields;
    Ok(front)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_are_typed_and_the_rest_kept() {
        let doc = parse(
            "---\ntitle: Mail stuck in queue\nslug: mail-stuck\ntags: [queue, smtp]\nproducts:\n  - name: Postwick Mail Server\n    versions: [5.2, \"6.0\"]\nms.author: someone\n---\n# Body\n",
        )
        .expect("parses");
        assert_eq!(doc.front.title.as_deref(), Some("Mail stuck in queue"));
        assert_eq!(doc.front.tags, vec!["queue", "smtp"]);
        assert_eq!(doc.front.products[0].versions, vec!["5.2", "6.0"]);
        assert_eq!(doc.front.extra["ms.author"], "someone");
        assert_eq!(doc.body, "# Body\n");
        assert_eq!(doc.body_line, 10);
    }

    #[test]
    fn toml_front_matter_is_accepted() {
        let doc = parse("+++\ntitle = \"Agent offline\"\ncase_types = [\"product_error\"]\nproducts = [\"Fieldnote Agent\"]\n+++\nText\n")
            .expect("parses");
        assert_eq!(doc.front.title.as_deref(), Some("Agent offline"));
        assert_eq!(doc.front.case_types, vec!["product_error"]);
        assert_eq!(
            doc.front.products,
            vec![ProductVersions { name: "Fieldnote Agent".into(), versions: vec![] }]
        );
    }

    #[test]
    fn third_party_fields_map_to_ours() {
        let doc = parse("--- \r\ntitle: T\r\ndescription: What it is.\r\nms.date: 09/15/2020\r\ntags: a, b\r\n---\r\nx").expect("parses");
        assert_eq!(doc.front.summary.as_deref(), Some("What it is."));
        assert_eq!(doc.front.updated.as_deref(), Some("09/15/2020"));
        assert_eq!(doc.front.tags, vec!["a", "b"]);
        let empty = parse("---\ntags: ''\n---\n").expect("parses");
        assert!(empty.front.tags.is_empty());
    }

    #[test]
    fn no_front_matter_means_all_body() {
        let doc = parse("\u{feff}# Just a heading\n").expect("parses");
        assert_eq!(doc.front, FrontMatter::default());
        assert_eq!(doc.body, "# Just a heading\n");
    }

    #[test]
    fn errors_name_the_line() {
        let unclosed = parse("---\ntitle: x\n").expect_err("unclosed");
        assert_eq!(unclosed.line, 1);
        let bad_yaml = parse("---\ntitle: x\ntags: [a, b\nslug: y\n---\n").expect_err("bad yaml");
        assert!(bad_yaml.line >= 3, "{bad_yaml}");
        let wrong_type = parse("---\ntitle: x\nslug:\n  nested: 1\n---\n").expect_err("wrong type");
        assert_eq!(wrong_type.line, 3);
        assert!(wrong_type.message.contains("`slug` must be text"));
    }
}
