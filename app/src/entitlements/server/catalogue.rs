//! The catalogue file: products, plans, the points rules and what each case
//! type asks for. Read once at start-up; its plans seed the database, where
//! admins then change them.

use std::{collections::BTreeMap, path::Path};

use serde::Deserialize;

use crate::{
    cases::{CaseType, CaseTypeRule, charges::HourlyRate},
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
    /// The waiver a customer accepts to grant remote access, where the
    /// policy asks for one (Xecuritas: "a modification waiver form").
    pub remote_access_waiver: Option<String>,
    /// Whose entitlement a case a partner files for its client uses.
    pub partner_entitlement: PartnerEntitlement,
    /// When a case's cost is decided: at filing, or after the assessment.
    pub charge_mode: ChargeMode,
    /// Work at an hourly rate, where the policy sells it.
    pub paid_work: Option<PaidWork>,
}

/// When a case's cost is decided: at filing, as the plan says, or after
/// the engineer's assessment, the case being free until then (Calyptix:
/// "Do Partners get charged immediately if we call Calyptix Support?
/// Answer: No").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeMode {
    #[default]
    AtFiling,
    AfterAssessment,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargingConfig {
    #[serde(default)]
    pub mode: ChargeMode,
}

/// Work billed by the hour (Kolmisoft: "Our hourly rate is 100 EUR/h").
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaidWork {
    pub hourly_rate: i64,
    pub currency: String,
    /// Whether customers without a plan may open a paid ticket.
    #[serde(default)]
    pub without_plan: bool,
}

impl PaidWork {
    pub fn rate(&self) -> HourlyRate {
        HourlyRate { amount: self.hourly_rate, currency: self.currency.clone() }
    }
}

/// Whose entitlement a case a partner files for its client uses: the
/// client's (the partner acts on its contract), or the partner's own plan
/// (Calyptix: partners are the ones charged).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerEntitlement {
    #[default]
    Client,
    Partner,
}

/// How the policy treats partners acting for their clients.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnersConfig {
    #[serde(default)]
    pub entitlement: PartnerEntitlement,
}

/// How the policy lets support into a customer's system.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoteAccessConfig {
    #[serde(default)]
    pub waiver: Option<String>,
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
    /// One for each availability the plans sell but 24x7.
    #[serde(default)]
    calendars: BTreeMap<String, CalendarConfig>,
    severity_targets: Vec<SeverityTarget>,
    #[serde(default)]
    channels: Vec<crate::policy::Channel>,
    #[serde(default)]
    plan_terms: Vec<PlanTermsConfig>,
    #[serde(default)]
    remote_access: Option<RemoteAccessConfig>,
    #[serde(default)]
    partners: Option<PartnersConfig>,
    #[serde(default)]
    charging: Option<ChargingConfig>,
    #[serde(default)]
    paid_work: Option<PaidWork>,
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

    /// Reads a catalogue; a broken rule is named with its line, as the
    /// reader's own errors are.
    pub fn parse(text: &str) -> Result<Self, ServerError> {
        Self::parse_unlocated(text).map_err(|error| match error {
            ServerError::Setting { at, message } => {
                let line = at.line_in(text).map(|n| format!("line {n}, ")).unwrap_or_default();
                ServerError::Config(format!("{line}{at}: {message}"))
            }
            other => other,
        })
    }

    fn parse_unlocated(text: &str) -> Result<Self, ServerError> {
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
            remote_access_waiver: file.remote_access.and_then(|config| config.waiver),
            partner_entitlement: file.partners.map(|config| config.entitlement).unwrap_or_default(),
            charge_mode: file.charging.map(|config| config.mode).unwrap_or_default(),
            paid_work: file.paid_work,
        };
        super::catalogue_rules::check(&catalogue)?;
        Ok(catalogue)
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
        let line_of = |text: &str, needle: &str| {
            let at = text.find(needle).expect("in the file");
            text[..at].matches('\n').count() + 1
        };
        let base = BUILT_IN.replace("phone = 30", "phone = -1");
        let error = Catalogue::parse(&base).expect_err("refused").to_string();
        let line = line_of(&base, "phone = -1");
        let told = format!("line {line}, points.channel_costs.phone: must be 0 or more");
        assert!(error.contains(&told), "{error}");
        let mars = BUILT_IN.replacen("America/New_York", "Mars/Olympus_Mons", 1);
        let error = Catalogue::parse(&mars).expect_err("refused").to_string();
        let line = line_of(&mars, "Mars/Olympus_Mons");
        assert!(error.contains(&format!("line {line}, calendars.\"")), "{error}");
        assert!(error.contains(".time_zone: \"Mars/Olympus_Mons\" is not a time zone"), "{error}");
        let start = BUILT_IN.find("[calendars.\"12x5\"]").expect("the 12x5 hours");
        let end = start + BUILT_IN[start..].find("\n\n").expect("the section's end");
        let no_hours = format!("{}{}", &BUILT_IN[..start], &BUILT_IN[end..]);
        let error = Catalogue::parse(&no_hours).expect_err("refused").to_string();
        let line = line_of(&no_hours, "availability = \"12x5\"");
        assert!(error.contains(&format!("line {line}, plans[")), "{error}");
        assert!(error.contains("].availability: plan "), "{error}");
        assert!(error.contains("there is no [calendars.\"12x5\"] with its hours"), "{error}");
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
