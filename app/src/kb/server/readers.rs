//! Who may read which article. An article is for everyone, for signed-in
//! customers (all of them, or only those of chosen plans or organisations),
//! or for staff. The same rule answers for one article (its page, its
//! feedback, related lists) and, as index terms, for every search.

use crate::{
    auth::server::{Action, Viewer, authorize},
    entitlements::server::contracts::today_in,
    error::AppError,
    infra::{db::Db, error::ServerError},
    kb::{Audience, Restriction},
};

/// What a reader may see, worked out once per request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reader {
    Anonymous,
    Customer {
        /// Lower-cased organisation name; `None` for a customer without one.
        organisation: Option<String>,
        /// Keys of the plans of the organisation's contracts running today.
        plans: Vec<String>,
    },
    Staff,
}

impl Reader {
    /// The reader the viewer is: for customers, their organisation and the
    /// plans it holds on `now_ms`, read from the database.
    pub async fn of(db: &Db, viewer: &Viewer, now_ms: i64) -> Result<Self, ServerError> {
        let Some(user) = viewer.user() else { return Ok(Self::Anonymous) };
        if authorize(viewer, Action::ReadInternalArticles).is_ok() {
            return Ok(Self::Staff);
        }
        let Some(organisation_id) = user.organisation_id() else {
            return Ok(Self::Customer { organisation: None, plans: Vec::new() });
        };
        let organisation: Option<(String, String)> =
            sqlx::query_as("SELECT name_key, time_zone FROM organisations WHERE id = $1")
                .bind(organisation_id)
                .fetch_optional(db.pool())
                .await?;
        let Some((name_key, time_zone)) = organisation else {
            return Ok(Self::Customer { organisation: None, plans: Vec::new() });
        };
        let today = today_in(&time_zone, now_ms);
        let plans: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT plan_key FROM contracts WHERE organisation_id = $1 AND plan_key IS NOT NULL \
             AND (starts_on IS NULL OR starts_on <= $2) AND (ends_on IS NULL OR ends_on >= $2) ORDER BY plan_key",
        )
        .bind(organisation_id)
        .bind(&today)
        .fetch_all(db.pool())
        .await?;
        Ok(Self::Customer {
            organisation: Some(name_key),
            plans: plans.iter().map(|key| key.to_lowercase()).collect(),
        })
    }

    pub fn sees(&self, audience: Audience, restricted_to: &Restriction) -> bool {
        let terms = self.index_terms();
        document_terms(audience, restricted_to).iter().any(|term| terms.contains(term))
    }

    /// 401 asks an anonymous visitor to sign in for a customers' article;
    /// anything else not visible is 404, as if it did not exist.
    pub fn may_read(
        &self,
        audience: Audience,
        restricted_to: &Restriction,
    ) -> Result<(), AppError> {
        if self.sees(audience, restricted_to) {
            Ok(())
        } else if *self == Self::Anonymous && audience == Audience::Customers {
            Err(AppError::Unauthorized)
        } else {
            Err(AppError::not_found("That article"))
        }
    }

    /// The index terms this reader's searches must match one of.
    pub fn index_terms(&self) -> Vec<String> {
        match self {
            Self::Anonymous => vec![PUBLIC.to_owned()],
            Self::Staff => vec![STAFF.to_owned()],
            Self::Customer { organisation, plans } => {
                let mut terms = vec![PUBLIC.to_owned(), CUSTOMERS.to_owned()];
                terms.extend(organisation.iter().map(|name| organisation_term(name)));
                terms.extend(plans.iter().map(|key| plan_term(key)));
                terms
            }
        }
    }
}

const PUBLIC: &str = "public";
const CUSTOMERS: &str = "customers";
const STAFF: &str = "staff";

fn organisation_term(name: &str) -> String {
    format!("organisation:{}", name.trim().to_lowercase())
}

fn plan_term(key: &str) -> String {
    format!("plan:{}", key.trim().to_lowercase())
}

/// The index terms of an article: a reader holding any one of them may
/// read it. Staff read everything.
pub fn document_terms(audience: Audience, restricted_to: &Restriction) -> Vec<String> {
    let mut terms = vec![STAFF.to_owned()];
    match audience {
        Audience::Public => terms.push(PUBLIC.to_owned()),
        Audience::Customers if restricted_to.is_empty() => terms.push(CUSTOMERS.to_owned()),
        Audience::Customers => {
            terms.extend(restricted_to.organisations.iter().map(|name| organisation_term(name)));
            terms.extend(restricted_to.plans.iter().map(|key| plan_term(key)));
        }
        Audience::Internal => {}
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(organisation: &str, plans: &[&str]) -> Reader {
        Reader::Customer {
            organisation: Some(organisation.to_owned()),
            plans: plans.iter().map(|p| p.to_string()).collect(),
        }
    }

    fn restricted(plans: &[&str], organisations: &[&str]) -> Restriction {
        Restriction {
            plans: plans.iter().map(|p| p.to_string()).collect(),
            organisations: organisations.iter().map(|o| o.to_string()).collect(),
        }
    }

    #[test]
    fn audiences_decide_for_anonymous_customers_and_staff() {
        let none = Restriction::default();
        let acme = customer("acme ltd", &["standard"]);
        assert!(Reader::Anonymous.may_read(Audience::Public, &none).is_ok());
        assert_eq!(
            Reader::Anonymous.may_read(Audience::Customers, &none),
            Err(AppError::Unauthorized)
        );
        assert_eq!(
            Reader::Anonymous.may_read(Audience::Internal, &none),
            Err(AppError::not_found("That article"))
        );
        assert!(acme.may_read(Audience::Customers, &none).is_ok());
        assert!(!acme.sees(Audience::Internal, &none));
        assert!(Reader::Staff.sees(Audience::Internal, &none));
    }

    #[test]
    fn restricted_articles_need_one_of_the_plans_or_the_organisation() {
        let premier_only = restricted(&["Premier"], &[]);
        let for_acme = restricted(&[], &["ACME Ltd"]);
        let acme_standard = customer("acme ltd", &["standard"]);
        let globex_premier = customer("globex", &["premier"]);
        assert!(!acme_standard.sees(Audience::Customers, &premier_only));
        assert!(globex_premier.sees(Audience::Customers, &premier_only));
        assert!(acme_standard.sees(Audience::Customers, &for_acme));
        assert!(!globex_premier.sees(Audience::Customers, &for_acme));
        assert_eq!(
            acme_standard.may_read(Audience::Customers, &premier_only),
            Err(AppError::not_found("That article"))
        );
        assert_eq!(
            Reader::Anonymous.may_read(Audience::Customers, &premier_only),
            Err(AppError::Unauthorized)
        );
        assert!(Reader::Staff.sees(Audience::Customers, &premier_only));
        let without_organisation = Reader::Customer { organisation: None, plans: Vec::new() };
        assert!(!without_organisation.sees(Audience::Customers, &for_acme));
    }

    #[test]
    fn a_damaged_restriction_lets_only_staff_read() {
        let damaged = Restriction::from_column("{not json");
        assert!(!customer("acme ltd", &["premier"]).sees(Audience::Customers, &damaged));
        assert!(Reader::Staff.sees(Audience::Customers, &damaged));
        assert_eq!(Restriction::from_column(""), Restriction::default());
        let stored = restricted(&["premier"], &["Acme Ltd"]).to_column();
        assert_eq!(Restriction::from_column(&stored), restricted(&["premier"], &["Acme Ltd"]));
    }
}
