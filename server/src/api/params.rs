//! Typed query strings and path segments. The struct a handler reads is the
//! one that describes its parameters in the OpenAPI document (`IntoParams`),
//! so the document states what the handler checks; the value types here
//! carry their ranges and patterns into both.

use std::fmt;

use axum::{
    extract::{FromRequestParts, Path},
    http::request::Parts,
};
use serde::{Deserialize, Deserializer, de::DeserializeOwned};
use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        RefOr,
        schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type},
    },
};

use app::error::AppError;

/// The query string read into `T`; a 400 naming the parameter when a value
/// does not fit. Unknown parameters are ignored, as browsers add their own.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        read_query(parts.uri.query().unwrap_or_default()).map(Self)
    }
}

/// A query string read into `T`, with a message naming the parameter.
fn read_query<T: DeserializeOwned>(raw: &str) -> Result<T, AppError> {
    let pairs = form_urlencoded::parse(raw.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs))
        .map_err(|error| refused(&error.path().to_string(), &error.inner().to_string()))
}

/// The path's segments read into `T`, with the same messages.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        use axum::extract::{path::ErrorKind, rejection::PathRejection};
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(PathRejection::FailedToDeserializePathParams(error)) => match error.into_kind() {
                // The values' own messages (below) are sentences already.
                ErrorKind::Message(message) => Err(AppError::bad_request(message)),
                kind => Err(AppError::bad_request(format!("Invalid address: {kind}"))),
            },
            Err(other) => Err(AppError::bad_request(other.body_text())),
        }
    }
}

/// "limit must be …" for the values' own messages, "status: …" for serde's.
fn refused(parameter: &str, message: &str) -> AppError {
    if parameter.is_empty() || parameter == "." {
        AppError::bad_request(message.to_owned())
    } else if message.starts_with("must ") {
        AppError::bad_request(format!("{parameter} {message}"))
    } else {
        AppError::bad_request(format!("{parameter}: {message}"))
    }
}

/// Text as it came, trimmed; empty counts as absent.
pub fn optional_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(deserializer)?;
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// A whole number from `MIN` to `MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounded<const MIN: u64, const MAX: u64>(pub u64);

impl<const MIN: u64, const MAX: u64> Bounded<MIN, MAX> {
    pub fn get(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

impl<'de, const MIN: u64, const MAX: u64> Deserialize<'de> for Bounded<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?.0;
        text.trim().parse::<u64>().ok().filter(|n| (MIN..=MAX).contains(n)).map(Self).ok_or_else(
            || {
                serde::de::Error::custom(format!(
                    "must be a whole number from {MIN} to {MAX}, not {text:?}."
                ))
            },
        )
    }
}

impl<const MIN: u64, const MAX: u64> PartialSchema for Bounded<MIN, MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(MIN as f64))
            .maximum(Some(MAX as f64))
            .into()
    }
}

impl<const MIN: u64, const MAX: u64> ToSchema for Bounded<MIN, MAX> {}

/// Text of at most `MAX` characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LimitedText<const MAX: usize>(pub String);

impl<'de, const MAX: usize> Deserialize<'de> for LimitedText<MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?.0;
        if text.chars().count() > MAX {
            return Err(serde::de::Error::custom(format!("must be at most {MAX} characters.")));
        }
        Ok(Self(text))
    }
}

impl<const MAX: usize> PartialSchema for LimitedText<MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(MAX)).into()
    }
}

impl<const MAX: usize> ToSchema for LimitedText<MAX> {}

/// A row's id in a path or query: a whole number from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Id(pub i64);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?.0;
        text.trim().parse::<i64>().ok().filter(|id| *id >= 1).map(Self).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not an id: ids are whole numbers."))
        })
    }
}

impl PartialSchema for Id {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(1.0))
            .into()
    }
}

impl ToSchema for Id {}

/// A case's reference, `CASE-` and at least six digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseReference(pub String);

/// The references `create` writes (`CASE-{number:06}`).
const CASE_REFERENCE_PATTERN: &str = "^CASE-[0-9]{6,}$";

impl<'de> Deserialize<'de> for CaseReference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?.0;
        let digits = text.strip_prefix("CASE-").unwrap_or_default();
        if digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text))
        } else {
            Err(serde::de::Error::custom(format!(
                "{text:?} is not a case reference: they look like CASE-000042."
            )))
        }
    }
}

impl PartialSchema for CaseReference {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(CASE_REFERENCE_PATTERN))
            .examples(["CASE-000042"])
            .into()
    }
}

impl ToSchema for CaseReference {}

/// `true`/`false` (or `1`/`0`), as query strings carry them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?.0;
        match text.trim() {
            "" | "false" | "0" => Ok(Self(false)),
            "true" | "1" => Ok(Self(true)),
            other => {
                Err(serde::de::Error::custom(format!("must be true or false, not {other:?}.")))
            }
        }
    }
}

impl PartialSchema for Flag {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::Boolean).into()
    }
}

impl ToSchema for Flag {}

/// Any scalar as its text: query strings and paths are text, and a value
/// given as a number in a test's JSON reads the same.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Text, E> {
                Ok(Text(value.to_owned()))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(default)]
        limit: Option<Bounded<1, 100>>,
        #[serde(default)]
        flag: Flag,
        #[serde(default, deserialize_with = "optional_text")]
        words: Option<String>,
    }

    fn read(query: &str) -> Result<Sample, AppError> {
        read_query(query)
    }

    #[test]
    fn values_in_range_are_read_and_others_named_with_their_range() {
        let sample = read("limit=20&flag=1&words=+mail+").expect("valid");
        assert_eq!(sample.limit, Some(Bounded(20)));
        assert!(sample.flag.0);
        assert_eq!(sample.words.as_deref(), Some("mail"));
        assert_eq!(
            read("limit=ten").expect_err("refused"),
            AppError::bad_request("limit must be a whole number from 1 to 100, not \"ten\".")
        );
        assert!(read("limit=0").is_err());
        assert!(read("limit=101").is_err());
        assert_eq!(
            read("flag=maybe").expect_err("refused"),
            AppError::bad_request("flag must be true or false, not \"maybe\".")
        );
        let empty = read("words=&flag=").expect("empty values are absent");
        assert_eq!((empty.words, empty.flag, empty.limit), (None, Flag(false), None));
    }

    #[test]
    fn references_and_ids_have_their_shape() {
        let reference = |text: &str| {
            CaseReference::deserialize(serde_json::Value::String(text.to_owned())).is_ok()
        };
        assert!(reference("CASE-000042") && reference("CASE-1234567"));
        assert!(!reference("CASE-42") && !reference("case-000042") && !reference("CASE-00004x"));
        let id = |text: &str| Id::deserialize(serde_json::Value::String(text.to_owned())).ok();
        assert_eq!(id("7"), Some(Id(7)));
        assert_eq!((id("0"), id("-1"), id("x")), (None, None, None));
    }
}
