//! What the handlers' types cannot say by themselves, added to the served
//! document from the rules that decide it: the catalogue in use (its
//! product keys, its severities, and for each case type the fields and
//! files it asks for)
//! and the server's refusal of NUL characters in any text
//! (`crate::text_input`). A client generated from the document then sends
//! what the server accepts.

use serde_json::{Map, Value, json};

use app::{
    cases::{CaseField, CaseTypeRule, server::create::MAX_TEXT},
    entitlements::server::catalogue::Catalogue,
};

/// Text without NUL characters, as every request's text must be.
const NUL_FREE: &str = r"^[^\u0000]*$";
/// Text with something besides spaces in it, and no NUL characters.
const NOT_BLANK: &str = r"^[^\u0000]*[^\s\u0000][^\u0000]*$";

/// The document as served.
pub fn refine(document: &utoipa::openapi::OpenApi, catalogue: &Catalogue) -> Value {
    let mut document = serde_json::to_value(document).unwrap_or_default();
    let products: Vec<&str> = catalogue.products.iter().map(|p| p.key.as_str()).collect();
    if let Some(new_case) = document.pointer_mut("/components/schemas/NewCase") {
        describe_case_types(new_case, &catalogue.case_types, &products);
    }
    if let Some(message) = document.pointer_mut("/components/schemas/MessageBody") {
        message["anyOf"] = json!([
            { "required": ["body"], "properties": { "body": { "pattern": NOT_BLANK } } },
            { "required": ["files"], "properties": { "files": { "minItems": 1 } } },
        ]);
    }
    if let Some(change) = document.pointer_mut("/components/schemas/StatusChange") {
        // Escalating says why (`cases::server::actions::change_status`).
        change["oneOf"] = json!([
            { "properties": { "action": { "enum": ["close", "reopen"] } } },
            {
                "properties": { "action": { "const": "escalate" }, "reason": { "pattern": NOT_BLANK } },
                "required": ["reason"],
            },
        ]);
    }
    if let Some(work) = document.pointer_mut("/components/schemas/CaseWork") {
        describe_work(work, &products);
    }
    if let Some(upload) = document.pointer_mut("/components/schemas/FileUpload") {
        // Other parts are not read; the document asks for the file alone.
        upload["additionalProperties"] = json!(false);
    }
    if let Some(severity) = document.pointer_mut("/components/schemas/Severity") {
        // The policy's own severities, out of the five a policy may have.
        let levels = catalogue.service_levels.severities();
        severity["enum"] = levels.iter().map(|level| level.severity.as_str()).collect();
        severity["description"] = levels
            .iter()
            .map(|level| format!("{}: {}", level.severity.as_str(), level.name))
            .collect::<Vec<_>>()
            .join("; ")
            .into();
    }
    name_products(&mut document, &products);
    refuse_nul(&mut document);
    document
}

/// One variant of `NewCase` per case type the catalogue offers: the fields
/// it asks for (the required ones required, no others) and the files.
fn describe_case_types(new_case: &mut Value, rules: &[CaseTypeRule], products: &[&str]) {
    let variants: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let mut fields = Map::new();
            for field in rule.fields() {
                let schema = match field.as_str() {
                    "product" => json!({ "type": "string", "enum": products }),
                    _ => json!({ "type": "string", "pattern": NOT_BLANK, "maxLength": MAX_TEXT }),
                };
                fields.insert(field.as_str().to_owned(), schema);
            }
            let required: Vec<&str> = rule.required_fields.iter().map(|f| f.as_str()).collect();
            let needed: Vec<&str> = [
                ("fields", !required.is_empty()),
                ("artifacts", !rule.required_artifacts.is_empty()),
            ]
            .into_iter()
            .filter_map(|(name, asked)| asked.then_some(name))
            .collect();
            json!({
                "properties": {
                    "case_type": { "const": rule.case_type.as_str() },
                    "fields": {
                        "type": "object",
                        "properties": fields,
                        "required": required,
                        "additionalProperties": false,
                    },
                    "artifacts": artifacts(rule),
                },
                "required": needed,
            })
        })
        .collect();
    if let Some(schema) = new_case.as_object_mut() {
        schema.insert("oneOf".to_owned(), Value::Array(variants));
    }
}

/// The files a case type takes: the kinds it knows, and each kind it asks
/// for among them.
fn artifacts(rule: &CaseTypeRule) -> Value {
    let kinds: Vec<&str> = rule.artifacts().map(|k| k.as_str()).collect();
    let mut artifacts = json!({
        "type": "array",
        "minItems": rule.required_artifacts.len(),
        "items": {
            "type": "object",
            "required": ["upload", "kind"],
            "properties": {
                "upload": { "type": "string" },
                "kind": { "type": "string", "enum": kinds },
            },
        },
    });
    let each_required_kind: Vec<Value> = rule
        .required_artifacts
        .iter()
        .map(|kind| json!({ "contains": { "properties": { "kind": { "const": kind.as_str() } } } }))
        .collect();
    // An empty `allOf` is no schema.
    if !each_required_kind.is_empty() {
        artifacts["allOf"] = Value::Array(each_required_kind);
    }
    artifacts
}

/// What each engineer's action needs besides itself
/// (`cases::server::work::Work::from_input`): the text of a reply, a
/// question, a note, an assignee or a reason; re-assessing, the severity
/// and why; re-assessing the type, the type, the fields to change and
/// why; resolving, a summary, how and why, and where the fix is
/// tracked if it is. Each variant names all it reads: a field another action uses
/// (`"cause": true` beside "take") is still parsed, and refused.
fn describe_work(work: &mut Value, products: &[&str]) {
    // The variants replace the loose whole, so every generator sees them.
    let description = work.get("description").cloned().unwrap_or(Value::Null);
    let text = json!({ "type": "string", "pattern": NOT_BLANK });
    let fields: Vec<&str> = CaseField::ALL.iter().map(|f| f.as_str()).collect();
    *work = json!({
        "description": description,
        "oneOf": [
            {
                "type": "object",
                "properties": { "action": { "const": "take" } },
                "required": ["action"],
                "additionalProperties": false,
            },
            {
                "type": "object",
                "properties": {
                    "action": { "enum": ["reply", "workaround", "ask", "note", "assign", "raise_level", "resume"] },
                    "body": text,
                },
                "required": ["action", "body"],
                "additionalProperties": false,
            },
            {
                "type": "object",
                "properties": {
                    "action": { "const": "reassess" },
                    "body": text,
                    "severity": { "$ref": "#/components/schemas/Severity" },
                },
                "required": ["action", "body", "severity"],
                "additionalProperties": false,
            },
            {
                "type": "object",
                "properties": {
                    "action": { "const": "hold" },
                    "body": text,
                    "hold": { "$ref": "#/components/schemas/HoldReason" },
                },
                "required": ["action", "body", "hold"],
                "additionalProperties": false,
            },
            {
                "type": "object",
                "properties": {
                    "action": { "const": "reclassify" },
                    "body": text,
                    "case_type": { "$ref": "#/components/schemas/CaseType" },
                    "fields": {
                        "type": "object",
                        "propertyNames": { "enum": fields },
                        "properties": { "product": { "type": "string", "enum": products } },
                        "additionalProperties": { "type": "string", "maxLength": MAX_TEXT },
                    },
                },
                "required": ["action", "body", "case_type"],
                "additionalProperties": false,
            },
            {
                "type": "object",
                "properties": {
                    "action": { "const": "resolve" },
                    "body": text,
                    "resolution": { "$ref": "#/components/schemas/Resolution" },
                    "cause": { "$ref": "#/components/schemas/Cause" },
                    "engineering_ref": { "type": "string", "maxLength": 100 },
                    "target_release": { "type": "string", "maxLength": 100 },
                },
                "required": ["action", "body", "resolution", "cause"],
                "additionalProperties": false,
            },
        ],
    });
}

/// The entitlements check names a product by its catalogue key. (The
/// search's `product` filter is an article's product name, not a key.)
fn name_products(document: &mut Value, products: &[&str]) {
    let check = "/paths/~1api~1v1~1entitlements~1check/get/parameters";
    let Some(parameters) = document.pointer_mut(check).and_then(Value::as_array_mut) else {
        return;
    };
    for parameter in parameters.iter_mut().filter(|p| p["name"] == "product") {
        parameter["schema"] = json!({ "type": "string", "enum": products });
    }
}

/// Every text schema without a pattern of its own, an enum or a format
/// refuses NUL characters, as the server does.
fn refuse_nul(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let is_text = match object.get("type") {
                Some(Value::String(kind)) => kind == "string",
                Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
                _ => false,
            };
            let open =
                ["pattern", "enum", "const", "format"].iter().all(|k| !object.contains_key(*k));
            if is_text && open {
                object.insert("pattern".to_owned(), json!(NUL_FREE));
            }
            object.values_mut().for_each(refuse_nul);
        }
        Value::Array(items) => items.iter_mut().for_each(refuse_nul),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_its_own_pattern_refuses_nul() {
        let mut schema = json!({
            "properties": {
                "body": { "type": "string" },
                "email": { "type": ["string", "null"] },
                "reference": { "type": "string", "pattern": "^CASE-[0-9]{6,}$" },
                "status": { "type": "string", "enum": ["open"] },
                "file": { "type": "string", "format": "binary" },
                "count": { "type": "integer" },
            }
        });
        refuse_nul(&mut schema);
        let pattern = |name: &str| schema["properties"][name]["pattern"].clone();
        assert_eq!(pattern("body"), json!(NUL_FREE));
        assert_eq!(pattern("email"), json!(NUL_FREE));
        assert_eq!(pattern("reference"), json!("^CASE-[0-9]{6,}$"));
        assert_eq!(pattern("status"), Value::Null);
        assert_eq!(pattern("file"), Value::Null);
        assert_eq!(pattern("count"), Value::Null);
    }
}
