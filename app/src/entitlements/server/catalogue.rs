//! The catalogue file: products, plans, the points rules and what each case
//! type asks for. Read once at start-up; its plans seed the database, where
//! admins then change them.

use std::{collections::BTreeMap, path::Path};

use serde::Deserialize;

use crate::{
    cases::{CaseField, CaseType, CaseTypeRule},
    entitlements::{Channel, Plan, Product},
    infra::{db::Db, error::ServerError},
    sla::{
        ServiceLevels,
        targets::{CalendarConfig, SeverityTarget},
    },
};

const BUILT_IN: &str = include_str!("catalogue.toml");

#[derive(Clone, Debug)]
pub struct Catalogue {
    pub points: PointsRules,
    pub products: Vec<Product>,
    pub plans: Vec<Plan>,
    /// One rule for every case type.
    pub case_types: Vec<CaseTypeRule>,
    /// Calendars and severity targets: what gives a case its due times.
    pub service_levels: ServiceLevels,
    /// How customers reach support (the support policy page).
    pub channels: Vec<crate::policy::Channel>,
    /// What each plan includes and excludes, by plan key.
    pub plan_terms: Vec<PlanTermsConfig>,
}

/// What a plan includes and excludes, as its policy lists them (Kolmisoft:
/// "What is included into BASIC/PREMIUM support").
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTermsConfig {
    pub plan: String,
    #[serde(default)]
    pub includes: Vec<String>,
    #[serde(default)]
    pub excludes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsRules {
    pub lot_validity_days: i64,
    pub packs: Vec<i64>,
    pub channel_costs: BTreeMap<Channel, i64>,
}

impl PointsRules {
    pub fn cost(&self, channel: Channel) -> i64 {
        self.channel_costs.get(&channel).copied().unwrap_or_default()
    }

    pub fn lot_validity_ms(&self) -> i64 {
        self.lot_validity_days * 86_400_000
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    points: PointsRules,
    #[serde(default)]
    products: Vec<Product>,
    #[serde(default)]
    plans: Vec<Plan>,
    /// Without them, the built-in catalogue's (what Aveksa's portal asks
    /// of each case type).
    #[serde(default)]
    case_types: Option<Vec<CaseTypeRule>>,
    calendars: BTreeMap<String, CalendarConfig>,
    severity_targets: Vec<SeverityTarget>,
    #[serde(default)]
    channels: Vec<crate::policy::Channel>,
    #[serde(default)]
    plan_terms: Vec<PlanTermsConfig>,
}

impl Catalogue {
    pub fn built_in() -> Result<Self, ServerError> {
        Self::parse(BUILT_IN)
    }

    pub fn load(path: Option<&Path>) -> Result<Self, ServerError> {
        match path {
            None => Self::built_in(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ServerError::io(format!("reading {}", path.display()), e))?;
                Self::parse(&text).map_err(|e| match e {
                    ServerError::Config(message) => {
                        ServerError::Config(format!("{}: {message}", path.display()))
                    }
                    other => other,
                })
            }
        }
    }

    pub fn parse(text: &str) -> Result<Self, ServerError> {
        let file: File = toml::from_str(text).map_err(|e| ServerError::Config(e.to_string()))?;
        let case_types = match file.case_types {
            Some(rules) => rules,
            None => Self::built_in()?.case_types,
        };
        let catalogue = Self {
            points: file.points,
            products: file.products,
            plans: file.plans,
            case_types,
            service_levels: ServiceLevels::new(&file.calendars, file.severity_targets)?,
            channels: file.channels,
            plan_terms: file.plan_terms,
        };
        catalogue.validate()?;
        Ok(catalogue)
    }

    fn validate(&self) -> Result<(), ServerError> {
        let invalid = |message: String| Err(ServerError::Config(message));
        let rules = &self.points;
        if rules.lot_validity_days <= 0 {
            return invalid("points.lot_validity_days must be at least 1".into());
        }
        if rules.packs.is_empty() || rules.packs.iter().any(|&size| size <= 0) {
            return invalid("points.packs must list positive pack sizes".into());
        }
        for channel in Channel::ALL {
            match rules.channel_costs.get(channel) {
                Some(cost) if *cost >= 0 => {}
                _ => {
                    return invalid(format!(
                        "points.channel_costs.{} must be 0 or more",
                        channel.as_str()
                    ));
                }
            }
        }
        for (index, product) in self.products.iter().enumerate() {
            if product.releases.is_empty() || product.supported_releases == 0 {
                return invalid(format!(
                    "product {} needs releases and supported_releases ≥ 1",
                    product.key
                ));
            }
            if self.products[..index].iter().any(|p| p.key == product.key) {
                return invalid(format!("product {} is listed twice", product.key));
            }
        }
        for (index, plan) in self.plans.iter().enumerate() {
            super::plans::validate(plan)
                .map_err(|e| ServerError::Config(format!("plan {}: {e}", plan.key)))?;
            if self.plans[..index].iter().any(|p| p.key == plan.key) {
                return invalid(format!("plan {} is listed twice", plan.key));
            }
        }
        for terms in &self.plan_terms {
            if !self.plans.iter().any(|plan| plan.key == terms.plan) {
                return invalid(format!("plan_terms: there is no plan {}", terms.plan));
            }
        }
        self.validate_case_types()
    }

    fn validate_case_types(&self) -> Result<(), ServerError> {
        let invalid = |message: String| Err(ServerError::Config(message));
        for case_type in CaseType::ALL {
            let rules: Vec<&CaseTypeRule> =
                self.case_types.iter().filter(|r| r.case_type == *case_type).collect();
            let [rule] = rules.as_slice() else {
                return invalid(format!(
                    "case type {} needs exactly one entry",
                    case_type.as_str()
                ));
            };
            if !rule.required_fields.contains(&CaseField::Product) {
                return invalid(format!(
                    "case type {}: product must be a required field (entitlements depend on it)",
                    case_type.as_str()
                ));
            }
            let twice = rule.optional_fields.iter().find(|f| rule.required_fields.contains(f));
            let twice_file =
                rule.optional_artifacts.iter().find(|a| rule.required_artifacts.contains(a));
            if let Some(field) = twice {
                return invalid(format!(
                    "case type {}: {} is both required and optional",
                    case_type.as_str(),
                    field.as_str()
                ));
            }
            if let Some(artifact) = twice_file {
                return invalid(format!(
                    "case type {}: {} is both required and optional",
                    case_type.as_str(),
                    artifact.as_str()
                ));
            }
        }
        Ok(())
    }

    /// What the case type asks for; every type has a rule once the catalogue is loaded.
    pub fn case_type(&self, case_type: CaseType) -> Option<&CaseTypeRule> {
        self.case_types.iter().find(|rule| rule.case_type == case_type)
    }

    pub fn product(&self, key: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.key == key)
    }

    /// Copies the plans the database does not know yet, keeping the
    /// catalogue's order; plans already there keep the admins' changes.
    pub async fn seed_plans(&self, db: &Db, now_ms: i64) -> Result<(), ServerError> {
        for (position, plan) in self.plans.iter().enumerate() {
            super::plans::insert_if_missing(db, now_ms, plan, position as i64).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cases::ArtifactKind, entitlements::PlanKind};

    #[test]
    fn the_built_in_catalogue_reproduces_the_brief() {
        let catalogue = Catalogue::built_in().expect("valid");
        let points: Vec<(&str, i64)> = catalogue
            .plans
            .iter()
            .filter(|p| p.kind == PlanKind::Points)
            .map(|p| (p.name.as_str(), p.included_points))
            .collect();
        assert_eq!(
            points,
            [
                ("Basic per-incident", 0),
                ("Basic Annual", 100),
                ("Bronze", 250),
                ("Silver", 750),
                ("Gold", 1500),
                ("Platinum", 3000)
            ]
        );
        assert_eq!(catalogue.points.packs, [50, 110, 180]);
        assert_eq!(catalogue.points.cost(Channel::Web), 10);
        assert_eq!(catalogue.points.cost(Channel::Phone), 30);
        let free = catalogue.plans.iter().find(|p| p.key == "free").expect("free plan");
        assert!(!free.opens_cases);
        let product_error = catalogue.case_type(CaseType::ProductError).expect("rule");
        assert_eq!(
            product_error.required_artifacts,
            [ArtifactKind::SystemReport, ArtifactKind::Logs]
        );
        let enhancement = catalogue.case_type(CaseType::Enhancement).expect("rule");
        assert!(enhancement.required_artifacts.is_empty());
        let gateway = catalogue.product("gateway").expect("gateway");
        assert_eq!(gateway.latest_releases(), ["8", "9"]);
    }

    #[test]
    fn mistakes_in_the_file_are_named() {
        let base = BUILT_IN.replace("phone = 30", "phone = -1");
        let error = Catalogue::parse(&base).expect_err("refused").to_string();
        assert!(error.contains("channel_costs"), "{error}");
        let error = Catalogue::parse("[points]\nlot_validity_days = 365\n")
            .expect_err("refused")
            .to_string();
        assert!(error.contains("packs"), "{error}");
        let no_logs = BUILT_IN.replacen(
            "optional_artifacts = [\"logs\", ",
            "optional_artifacts = [\"logs\", \"system_report\", ",
            1,
        );
        let error = Catalogue::parse(&no_logs).expect_err("refused").to_string();
        assert!(error.contains("system_report is both required and optional"), "{error}");
        let typo = BUILT_IN.replacen("included_points = 100", "included_pionts = 100", 1);
        let error = Catalogue::parse(&typo).expect_err("refused").to_string();
        assert!(error.contains("included_pionts"), "{error}");
    }
}
