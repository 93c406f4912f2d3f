//! Re-assessing what a case is: its type, product, version and details
//! (Aveksa's L1 will "Determine the type of support case" and "Ensure that
//! all cases contain accurate and complete information"). The product and
//! release must be ones the organisation's contracts support, and the
//! charge follows the new type: an enhancement request costs nothing. What
//! the new type needs and the case lacks is asked of the customer (L1 will
//! "work with the customer to gather any necessary artifacts").

use std::collections::BTreeMap;

use sqlx::FromRow;

use super::{Doing, required_text};
use crate::cases::server::create::stored_fields;
use crate::{
    cases::{
        CaseField, CaseType, EventKind,
        server::{
            events::insert_event,
            notify::{Recipients, tell},
        },
    },
    entitlements::{
        Channel, PlanKind,
        check::{self, CaseRequest},
        server::{catalogue::ChargeMode, ledger, service},
    },
    error::AppError,
    infra::{db::Tx, error::ServerError, stored::decode_column},
};

/// What an engineer changes: the type, and the fields given (a blank one
/// is removed); the others stay as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reclassification {
    pub case_type: CaseType,
    pub fields: BTreeMap<CaseField, String>,
    pub reason: String,
}

#[derive(FromRow)]
struct Stored {
    case_type: CaseType,
    product_key: String,
    version: String,
    fields: String,
    points_cost: i64,
    channel: Channel,
    plan_kind: Option<PlanKind>,
}

impl Doing<'_> {
    pub(super) async fn reclassify(
        &self,
        tx: &mut Tx,
        change: &Reclassification,
    ) -> Result<(), ServerError> {
        let reason = required_text(&change.reason)?;
        let case_id = self.about.case_id;
        let stored: Stored = sqlx::query_as(
            "SELECT c.case_type, c.product_key, c.version, c.fields, c.points_cost, c.channel, \
             p.kind AS plan_kind FROM cases c LEFT JOIN plans p ON p.key = c.plan_key WHERE c.id = $1",
        )
        .bind(case_id)
        .fetch_one(&mut **tx)
        .await?;
        let (fields, missing) = self.merged(&stored, change)?;
        let product = fields.get(&CaseField::Product).cloned().unwrap_or_default();
        let version = fields.get(&CaseField::Version).cloned().unwrap_or_default();
        let moved = product != stored.product_key || version != stored.version;
        if moved && change.case_type != CaseType::Enhancement {
            self.check_supported(&product, &version).await?;
        }
        let charge = self.recharge(tx, &stored, change.case_type).await?;

        sqlx::query(
            "UPDATE cases SET case_type = $1, product_key = $2, version = $3, fields = $4, \
             points_cost = $5 WHERE id = $6",
        )
        .bind(change.case_type.as_str())
        .bind(&product)
        .bind(&version)
        .bind(stored_fields(&fields))
        .bind(charge.cost)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
        let changed = self.described(&stored, change.case_type, &product, &version);
        let note = format!("Re-assessed by {}: {changed}. {reason}", self.engineer.name);
        insert_event(tx, case_id, EventKind::Status, self.engineer.id, &note, None, self.now)
            .await?;
        let needed = match missing.is_empty() {
            true => String::new(),
            false => format!(
                "\n\nStill needed for a {}: {}.",
                change.case_type.label(),
                missing.join(", ")
            ),
        };
        let text = format!("{changed}. {reason}{}{needed}", charge.said);
        tell(tx, self.about, Recipients::Contact, "Case details changed", &text, self.now).await
    }

    /// The case's fields with the change applied, and what the new type
    /// requires of them that is still missing.
    fn merged(
        &self,
        stored: &Stored,
        change: &Reclassification,
    ) -> Result<(BTreeMap<CaseField, String>, Vec<&'static str>), AppError> {
        let mut fields = BTreeMap::new();
        let kept: BTreeMap<String, String> = decode_column("cases", "fields", &stored.fields);
        for (name, value) in kept {
            fields.insert(name.parse::<CaseField>()?, value);
        }
        fields.insert(CaseField::Product, stored.product_key.clone());
        fields.insert(CaseField::Version, stored.version.clone());
        for (field, value) in &change.fields {
            match value.trim() {
                "" => fields.remove(field),
                value => fields.insert(*field, value.to_owned()),
            };
        }
        let catalogue = &self.state.catalogue;
        let rule = catalogue
            .case_type(change.case_type)
            .ok_or_else(|| AppError::bad_request("That case type is not offered."))?;
        let missing: Vec<&str> = rule
            .required_fields
            .iter()
            .filter(|field| !fields.contains_key(field))
            .map(|field| field.label())
            .collect();
        let product = fields.get(&CaseField::Product).map(String::as_str).unwrap_or_default();
        if catalogue.product(product).is_none() {
            return Err(AppError::bad_request(format!("There is no product {product:?}.")));
        }
        Ok((fields, missing))
    }

    /// The organisation's contracts must support the product and release,
    /// as they must to open a case (Scalix: "a valid support entitlement is
    /// always required to open the case").
    async fn check_supported(&self, product: &str, version: &str) -> Result<(), ServerError> {
        let state = self.state;
        let entitlements = service::load(state, self.organisation_id).await?;
        let request = CaseRequest {
            product: product.to_owned(),
            version: version.to_owned(),
            channel_cost: 0,
            enhancement: false,
        };
        check::check(&entitlements.contracts, &state.catalogue.products, 0, &request)
            .map_err(|refusal| AppError::NotEntitled(refusal.to_string()))?;
        Ok(())
    }

    /// The case's cost under its new type: nothing for an enhancement
    /// request, on a plan without points or where the policy charges after
    /// the assessment (the engineer's decision does), else the channel's
    /// cost. A case is charged once at most: given back, it is not charged
    /// again.
    async fn recharge(
        &self,
        tx: &mut Tx,
        stored: &Stored,
        case_type: CaseType,
    ) -> Result<Charge, ServerError> {
        let points = &self.state.catalogue.points;
        let at_filing = self.state.catalogue.charge_mode == ChargeMode::AtFiling;
        let costs = at_filing
            && case_type != CaseType::Enhancement
            && stored.plan_kind == Some(PlanKind::Points);
        let cost = if costs { points.cost(stored.channel) } else { 0 };
        let reference = self.about.reference;
        let actor = Some(self.engineer.id);
        match (stored.points_cost, cost) {
            (was, now) if was == now => Ok(Charge { cost, said: String::new() }),
            (was, 0) => {
                let validity = points.lot_validity_ms();
                let org = self.organisation_id;
                let refund = (reference, "re-assessed at no cost");
                ledger::refund_case_in(tx, org, self.now, refund, validity, actor).await?;
                Ok(Charge { cost: 0, said: format!(" The {was} points it cost are given back.") })
            }
            (_, cost) => {
                if ledger::ever_charged(tx, reference).await? {
                    return Ok(Charge { cost: 0, said: String::new() });
                }
                let spend = ledger::Spend {
                    case_reference: reference,
                    channel: stored.channel,
                    points: cost,
                    actor,
                    after_assessment: false,
                };
                ledger::charge_case_in(tx, self.organisation_id, self.now, spend).await?;
                Ok(Charge { cost, said: format!(" It costs {cost} points.") })
            }
        }
    }

    /// "type Question / how-to to Product error; version 9 to 9.1".
    fn described(
        &self,
        stored: &Stored,
        case_type: CaseType,
        product: &str,
        version: &str,
    ) -> String {
        let name = |key: &str| {
            self.state.catalogue.product(key).map_or_else(|| key.to_owned(), |p| p.name.clone())
        };
        let mut changes = Vec::new();
        if case_type != stored.case_type {
            changes.push(format!("type {} to {}", stored.case_type.label(), case_type.label()));
        }
        if product != stored.product_key {
            changes.push(format!("product {} to {}", name(&stored.product_key), name(product)));
        }
        if version != stored.version {
            changes.push(format!("version {} to {version}", stored.version));
        }
        match changes.is_empty() {
            true => "details updated".to_owned(),
            false => changes.join("; "),
        }
    }
}

/// What the case costs after the change, and what to tell the customer.
struct Charge {
    cost: i64,
    said: String,
}
