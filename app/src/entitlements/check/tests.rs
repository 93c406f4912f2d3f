use super::*;
use crate::entitlements::{Availability, CoveredProduct, PlanKind, Priority};

fn plan(key: &str, kind: PlanKind, response_minutes: i64) -> Plan {
    Plan {
        key: key.into(),
        name: key.to_uppercase(),
        kind,
        included_points: 0,
        priority: Priority::Normal,
        availability: Availability::AroundTheClock,
        response_minutes,
        training_seats: 0,
        health_checks: 0,
        opens_cases: true,
    }
}

fn gateway() -> Product {
    Product {
        key: "gateway".into(),
        name: "Kestrel Gateway".into(),
        releases: vec!["7".into(), "8".into(), "9".into()],
        supported_releases: 2,
    }
}

fn contract(number: &str, plan: Plan, status: ContractStatus) -> Contract {
    Contract {
        number: number.into(),
        plan: Some(plan),
        starts_on: Some("2026-01-01".into()),
        ends_on: Some("2026-12-31".into()),
        products: vec![CoveredProduct {
            key: "gateway".into(),
            name: "Kestrel Gateway".into(),
            supported_releases: vec!["8".into(), "9".into()],
        }],
        release_override: Vec::new(),
        status,
    }
}

fn request(version: &str) -> CaseRequest {
    CaseRequest {
        product: "gateway".into(),
        version: version.into(),
        channel_cost: 10,
        enhancement: false,
    }
}

fn gold() -> Contract {
    contract("SC-1", plan("gold", PlanKind::Points, 120), ContractStatus::Active)
}

#[test]
fn a_covered_supported_case_costs_the_channel_price() {
    let result = check(&[gold()], &[gateway()], 25, &request("9.1.2"));
    let entitlement = result.expect("entitled");
    assert_eq!(entitlement.points_cost, 10);
    assert_eq!(entitlement.contract_number.as_deref(), Some("SC-1"));
    assert_eq!(entitlement.plan.map(|p| p.key), Some("gold".into()));
}

#[test]
fn without_enough_points_the_refusal_names_cost_and_balance() {
    let refusal = check(&[gold()], &[gateway()], 4, &request("9.0")).expect_err("refused");
    assert_eq!(refusal, Refusal::NotEnoughPoints { cost: 10, balance: 4 });
    assert!(refusal.to_string().contains("Buy a points pack"));
}

#[test]
fn only_the_two_latest_releases_are_supported_by_default() {
    let refusal = check(&[gold()], &[gateway()], 100, &request("7.4")).expect_err("refused");
    let Refusal::UnsupportedVersion { supported, .. } = &refusal else {
        panic!("expected an unsupported version, got {refusal:?}")
    };
    assert_eq!(supported, "8, 9");
    assert!(check(&[gold()], &[gateway()], 100, &request("8")).is_ok());
    assert!(check(&[gold()], &[gateway()], 100, &request("not a version")).is_err());
}

#[test]
fn a_contract_can_support_other_releases() {
    let mut extended = gold();
    extended.release_override = vec!["7".into(), "8".into(), "9".into()];
    assert!(check(&[extended], &[gateway()], 100, &request("7.4")).is_ok());
}

#[test]
fn ended_contracts_are_named_in_the_refusal() {
    let ended = contract("SC-OLD", plan("gold", PlanKind::Points, 120), ContractStatus::Ended);
    let refusal = check(&[ended], &[gateway()], 100, &request("9")).expect_err("refused");
    assert!(matches!(refusal, Refusal::NoValidContract { .. }));
    assert!(refusal.to_string().contains("SC-OLD ended on 2026-12-31"), "{refusal}");
    let not_started =
        contract("SC-NEW", plan("gold", PlanKind::Points, 60), ContractStatus::NotStarted);
    assert!(check(&[not_started], &[gateway()], 100, &request("9")).is_err());
}

#[test]
fn uncovered_and_unknown_products_are_refused() {
    let mut mail_request = request("6");
    mail_request.product = "mail".into();
    let mail = Product { key: "mail".into(), name: "Kestrel Mail".into(), ..gateway() };
    let refusal = check(&[gold()], &[gateway(), mail], 100, &mail_request).expect_err("refused");
    assert_eq!(refusal, Refusal::ProductNotCovered { product: "Kestrel Mail".into() });
    let refusal = check(&[gold()], &[gateway()], 100, &mail_request).expect_err("refused");
    assert!(matches!(refusal, Refusal::UnknownProduct { .. }));
}

#[test]
fn plans_without_cases_refuse_with_the_forum() {
    let mut free = plan("free", PlanKind::Priority, 60 * 24);
    free.opens_cases = false;
    let refusal =
        check(&[contract("SC-F", free, ContractStatus::Active)], &[gateway()], 0, &request("9"))
            .expect_err("refused");
    assert!(refusal.to_string().contains("community forum"));
}

#[test]
fn priority_plans_cost_nothing_and_are_preferred() {
    let enterprise =
        contract("SC-E", plan("enterprise", PlanKind::Priority, 60), ContractStatus::Active);
    let entitlement =
        check(&[gold(), enterprise], &[gateway()], 0, &request("9")).expect("entitled");
    assert_eq!(entitlement.points_cost, 0);
    assert_eq!(entitlement.contract_number.as_deref(), Some("SC-E"));
}

#[test]
fn enhancement_requests_cost_nothing_even_without_points_or_contract() {
    let mut enhancement = request("6");
    enhancement.enhancement = true;
    let entitlement = check(&[gold()], &[gateway()], 0, &enhancement).expect("recorded");
    assert_eq!(entitlement.points_cost, 0);
    assert!(check(&[], &[], 0, &enhancement).is_ok());
}

#[test]
fn major_releases_are_read_from_what_people_type() {
    assert_eq!(major_release("9.1.2"), Some("9".into()));
    assert_eq!(major_release(" v8 "), Some("8".into()));
    assert_eq!(major_release("10.0"), Some("10".into()));
    assert_eq!(major_release("0.9"), Some("0".into()));
    assert_eq!(major_release("latest"), None);
}
