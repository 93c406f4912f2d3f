//! Whether an organisation may open a case, and what it costs: a valid
//! contract covering the product and a supported version, and enough points
//! on a points plan. Pure, so the rules are tested apart from storage; the
//! ledger spends the points again under its lock when the case is filed.

use serde::{Deserialize, Serialize};

use super::{Contract, ContractStatus, Plan, Product};

/// What a case asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseRequest {
    pub product: String,
    pub version: String,
    /// Points cost of the channel the case comes through.
    pub channel_cost: i64,
    /// Enhancement requests go to product management and cost nothing.
    pub enhancement: bool,
}

/// The plan a case is opened under. The case keeps it, so its priority
/// stays when the contract later ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseEntitlement {
    pub contract_number: Option<String>,
    pub plan: Option<Plan>,
    pub points_cost: i64,
    pub balance: i64,
}

/// Why a case cannot be opened; the message says what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    #[error(
        "Your organisation has no support contract valid today{ended}. Contact your account manager to renew or buy a contract."
    )]
    NoValidContract { ended: String },
    #[error(
        "Your {plan} plan does not include cases: use the community forum, or upgrade the plan with your account manager."
    )]
    PlanWithoutCases { plan: String },
    #[error("We do not know the product {product:?}. Choose one of the products in the list.")]
    UnknownProduct { product: String },
    #[error(
        "{product} is not covered by your contracts. Contact your account manager to add it to a contract."
    )]
    ProductNotCovered { product: String },
    #[error(
        "{product} {version} is not supported: your contract covers releases {supported}. Upgrade to a supported release, or contact your account manager for paid support."
    )]
    UnsupportedVersion { product: String, version: String, supported: String },
    #[error(
        "This case costs {cost} points and your organisation has {balance}. Buy a points pack, or ask your account manager about a plan with more included points."
    )]
    NotEnoughPoints { cost: i64, balance: i64 },
}

/// The answer to "may this case be opened?", as the API and the case form
/// show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseCheck {
    pub entitled: bool,
    pub entitlement: Option<CaseEntitlement>,
    pub refusal: Option<Refusal>,
    /// The refusal in words, with what to do about it.
    pub message: Option<String>,
}

impl From<Result<CaseEntitlement, Refusal>> for CaseCheck {
    fn from(decision: Result<CaseEntitlement, Refusal>) -> Self {
        match decision {
            Ok(entitlement) => Self {
                entitled: true,
                entitlement: Some(entitlement),
                refusal: None,
                message: None,
            },
            Err(refusal) => Self {
                entitled: false,
                entitlement: None,
                message: Some(refusal.to_string()),
                refusal: Some(refusal),
            },
        }
    }
}

/// The major release of a version as typed: `9.1.2` → `9`, `v8` → `8`.
pub fn major_release(version: &str) -> Option<String> {
    let version = version.trim().trim_start_matches(['v', 'V']);
    let major: String = version.chars().take_while(char::is_ascii_digit).collect();
    let major = major.trim_start_matches('0');
    match (major.is_empty(), version.starts_with('0')) {
        (false, _) => Some(major.to_owned()),
        (true, true) => Some("0".to_owned()),
        (true, false) => None,
    }
}

/// The major releases a contract supports for a product.
pub fn supported_releases(contract: &Contract, product: &Product) -> Vec<String> {
    if contract.release_override.is_empty() {
        product.latest_releases()
    } else {
        contract.release_override.clone()
    }
}

/// Applies the rules in the order a customer can act on them.
pub fn check(
    contracts: &[Contract],
    products: &[Product],
    balance: i64,
    request: &CaseRequest,
) -> Result<CaseEntitlement, Refusal> {
    let active: Vec<Covered> = contracts
        .iter()
        .filter(|c| c.status == ContractStatus::Active)
        .filter_map(|c| c.plan.as_ref().map(|plan| (c, plan)))
        .collect();
    if request.enhancement {
        // Recorded for product management whatever the contract; the plan
        // goes with it when there is one.
        let contract = best_contract(&active);
        return Ok(entitlement(contract, 0, balance));
    }
    if active.is_empty() {
        let ended = contracts
            .iter()
            .filter(|c| c.status == ContractStatus::Ended)
            .filter_map(|c| c.ends_on.as_ref().map(|end| (end, &c.number)))
            .max()
            .map(|(end, number)| format!(" (contract {number} ended on {end})"))
            .unwrap_or_default();
        return Err(Refusal::NoValidContract { ended });
    }
    let with_cases: Vec<Covered> =
        active.iter().copied().filter(|(_, plan)| plan.opens_cases).collect();
    if with_cases.is_empty() {
        let plans: Vec<&str> = active.iter().map(|(_, plan)| plan.name.as_str()).collect();
        return Err(Refusal::PlanWithoutCases { plan: plans.join(", ") });
    }
    let product = products
        .iter()
        .find(|p| p.key == request.product)
        .ok_or_else(|| Refusal::UnknownProduct { product: request.product.clone() })?;
    let covering: Vec<Covered> = with_cases
        .into_iter()
        .filter(|(c, _)| c.products.iter().any(|covered| covered.key == product.key))
        .collect();
    if covering.is_empty() {
        return Err(Refusal::ProductNotCovered { product: product.name.clone() });
    }
    let major = major_release(&request.version);
    let supporting: Vec<Covered> = covering
        .iter()
        .copied()
        .filter(|(c, _)| major.as_ref().is_some_and(|m| supported_releases(c, product).contains(m)))
        .collect();
    if supporting.is_empty() {
        let mut supported: Vec<String> =
            covering.iter().flat_map(|(c, _)| supported_releases(c, product)).collect();
        supported.sort_by_key(|release| release.parse::<u64>().unwrap_or(u64::MAX));
        supported.dedup();
        return Err(Refusal::UnsupportedVersion {
            product: product.name.clone(),
            version: request.version.trim().to_owned(),
            supported: supported.join(", "),
        });
    }
    let contract = best_contract(&supporting);
    let cost = match contract {
        Some((_, plan)) if plan.costs_points() => request.channel_cost,
        _ => 0,
    };
    if cost > balance {
        return Err(Refusal::NotEnoughPoints { cost, balance });
    }
    Ok(entitlement(contract, cost, balance))
}

/// An active contract with its plan.
type Covered<'c> = (&'c Contract, &'c Plan);

/// A contract that costs no points first, then the quickest response, then
/// the highest priority.
fn best_contract<'c>(contracts: &[Covered<'c>]) -> Option<Covered<'c>> {
    contracts.iter().copied().min_by_key(|(_, plan)| {
        (plan.costs_points(), plan.response_minutes, std::cmp::Reverse(plan.priority))
    })
}

fn entitlement(contract: Option<Covered>, points_cost: i64, balance: i64) -> CaseEntitlement {
    CaseEntitlement {
        contract_number: contract.map(|(c, _)| c.number.clone()),
        plan: contract.map(|(_, plan)| plan.clone()),
        points_cost,
        balance,
    }
}

#[cfg(test)]
mod tests;
