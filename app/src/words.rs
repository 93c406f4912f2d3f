//! Small vocabularies stored and sent as words: plan kinds, channels, case
//! types, severities, ...

/// An enum stored as text: its words in the database and JSON, its labels
/// for people, and parsing with a message that lists the words.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal {
        $($(#[$variant_meta:meta])* $variant:ident = $word:literal, $label:literal;)+
    }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize,
        )]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $word)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::AppError;

            fn from_str(value: &str) -> Result<Self, $crate::error::AppError> {
                let word = value.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(word)).ok_or_else(|| {
                    let words: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    $crate::error::AppError::bad_request(format!(
                        "Unknown {} {value:?}: use {}.", $what, words.join(", ")
                    ))
                })
            }
        }

        // By hand: the derive would not see the words given to the macro.
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(Self::ALL.iter().map(|v| v.as_str())))
                    .description(Some(concat!("A ", $what, ".")))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        $crate::words::read_as_word!($name);

        #[cfg(feature = "ssr")]
        $crate::words::stored_word!($name);
    };
}

pub(crate) use word_enum;

/// Deserializes a word through the type's `FromStr`: forms, query strings
/// and JSON read the same words the same way, and a word the type does not
/// know fails with the message that lists the ones it does.
macro_rules! read_as_word {
    ($name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = <String as serde::Deserialize>::deserialize(deserializer)?;
                word.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use read_as_word;

/// A type stored as one of its words (`as_str`, read back with `FromStr`):
/// rows decode straight into it, and a word it does not know is a decoding
/// error, not a string passed along.
#[cfg(feature = "ssr")]
macro_rules! stored_word {
    ($name:ident) => {
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let word = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Ok(word.parse::<$name>()?)
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&self.as_str(), buf)
            }
        }
    };
}

#[cfg(feature = "ssr")]
pub(crate) use stored_word;
