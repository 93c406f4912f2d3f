//! The rules a catalogue file must keep beyond its shape, each broken rule
//! named with the place in the file that breaks it.

use super::catalogue::Catalogue;
use crate::{
    cases::{CaseField, CaseType},
    entitlements::Channel,
    infra::{error::ServerError, key_path::KeyPath},
};

/// Checks the catalogue as read from its file.
pub(super) fn check(catalogue: &Catalogue) -> Result<(), ServerError> {
    points(catalogue)?;
    products(catalogue)?;
    plans(catalogue)?;
    if catalogue.remote_access_waiver.as_deref().is_some_and(|text| text.trim().is_empty()) {
        let at = KeyPath::key("remote_access").then("waiver");
        return Err(ServerError::setting(at, "write the waiver's text, or leave it out"));
    }
    paid_work(catalogue)?;
    case_types(catalogue)
}

fn paid_work(catalogue: &Catalogue) -> Result<(), ServerError> {
    let Some(paid) = &catalogue.paid_work else { return Ok(()) };
    let at = |key: &str| KeyPath::key("paid_work").then(key);
    if paid.hourly_rate <= 0 {
        return Err(ServerError::setting(at("hourly_rate"), "must be at least 1"));
    }
    let code = &paid.currency;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ServerError::setting(at("currency"), "write a currency code such as \"EUR\""));
    }
    Ok(())
}

fn points(catalogue: &Catalogue) -> Result<(), ServerError> {
    let rules = &catalogue.points;
    let at = |key: &str| KeyPath::key("points").then(key);
    if rules.lot_validity_days <= 0 {
        return Err(ServerError::setting(at("lot_validity_days"), "must be at least 1"));
    }
    if rules.packs.is_empty() || rules.packs.iter().any(|&size| size <= 0) {
        return Err(ServerError::setting(at("packs"), "list positive pack sizes"));
    }
    for channel in Channel::ALL {
        match rules.channel_costs.get(channel) {
            Some(cost) if *cost >= 0 => {}
            _ => {
                return Err(ServerError::setting(
                    at("channel_costs").then(channel.as_str()),
                    "must be 0 or more",
                ));
            }
        }
    }
    Ok(())
}

fn products(catalogue: &Catalogue) -> Result<(), ServerError> {
    for (index, product) in catalogue.products.iter().enumerate() {
        let at = KeyPath::entry("products", index);
        if product.releases.is_empty() || product.supported_releases == 0 {
            return Err(ServerError::setting(
                at,
                format!("product {} needs releases and supported_releases ≥ 1", product.key),
            ));
        }
        if catalogue.products[..index].iter().any(|p| p.key == product.key) {
            return Err(ServerError::setting(
                at.then("key"),
                format!("product {} is listed twice", product.key),
            ));
        }
    }
    Ok(())
}

fn plans(catalogue: &Catalogue) -> Result<(), ServerError> {
    let calendars = &catalogue.service_levels.calendars;
    for (index, plan) in catalogue.plans.iter().enumerate() {
        let at = KeyPath::entry("plans", index);
        super::plans::validate(plan)
            .map_err(|e| ServerError::setting(at.clone(), format!("plan {}: {e}", plan.key)))?;
        if catalogue.plans[..index].iter().any(|p| p.key == plan.key) {
            return Err(ServerError::setting(
                at.then("key"),
                format!("plan {} is listed twice", plan.key),
            ));
        }
        if !calendars.has_hours(plan.availability) {
            let name = plan.availability.as_str();
            return Err(ServerError::setting(
                at.then("availability"),
                format!("plan {}: there is no [calendars.\"{name}\"] with its hours", plan.key),
            ));
        }
    }
    for (index, terms) in catalogue.plan_terms.iter().enumerate() {
        if !catalogue.plans.iter().any(|plan| plan.key == terms.plan) {
            return Err(ServerError::setting(
                KeyPath::entry("plan_terms", index).then("plan"),
                format!("there is no plan {}", terms.plan),
            ));
        }
    }
    Ok(())
}

fn case_types(catalogue: &Catalogue) -> Result<(), ServerError> {
    for case_type in CaseType::ALL {
        let name = case_type.as_str();
        let rules: Vec<(usize, _)> = (catalogue.case_types.iter().enumerate())
            .filter(|(_, rule)| rule.case_type == *case_type)
            .collect();
        let [(index, rule)] = rules.as_slice() else {
            let at = match rules.get(1) {
                Some((second, _)) => KeyPath::entry("case_types", *second),
                None => KeyPath::key("case_types"),
            };
            return Err(ServerError::setting(
                at,
                format!("case type {name} needs exactly one entry"),
            ));
        };
        let at = KeyPath::entry("case_types", *index);
        if !rule.required_fields.contains(&CaseField::Product) {
            return Err(ServerError::setting(
                at.then("required_fields"),
                format!(
                    "case type {name}: product must be a required field (entitlements depend on it)"
                ),
            ));
        }
        let twice = rule.optional_fields.iter().find(|f| rule.required_fields.contains(f));
        if let Some(field) = twice {
            return Err(ServerError::setting(
                at.then("optional_fields"),
                format!("case type {name}: {} is both required and optional", field.as_str()),
            ));
        }
        let twice_file =
            rule.optional_artifacts.iter().find(|a| rule.required_artifacts.contains(a));
        if let Some(artifact) = twice_file {
            return Err(ServerError::setting(
                at.then("optional_artifacts"),
                format!("case type {name}: {} is both required and optional", artifact.as_str()),
            ));
        }
    }
    Ok(())
}
