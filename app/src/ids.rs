//! Ids that mean different things get different types: a user's id cannot
//! be passed where an organisation's is expected (the ledger, the members'
//! tools and the case timeline each take both).

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
        #[cfg_attr(feature = "ssr", sqlx(transparent))]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.trim().parse().map(Self)
            }
        }
    };
}

id_type!(
    /// A user's id (`users.id`).
    UserId
);

id_type!(
    /// An organisation's id (`organisations.id`).
    OrganisationId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_travels_as_a_plain_number() {
        assert_eq!(serde_json::to_string(&UserId(7)).ok().as_deref(), Some("7"));
        assert_eq!(serde_json::from_str::<OrganisationId>("42").ok(), Some(OrganisationId(42)));
        assert_eq!(" 42 ".parse::<OrganisationId>().ok(), Some(OrganisationId(42)));
        assert!("x".parse::<UserId>().is_err());
    }
}
