//! Per case type, what a case must and may carry, and what it still lacks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ArtifactKind, CaseField, CaseType};

/// What one case type asks for (from the catalogue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseTypeRule {
    pub case_type: CaseType,
    #[serde(default)]
    pub required_fields: Vec<CaseField>,
    #[serde(default)]
    pub optional_fields: Vec<CaseField>,
    #[serde(default)]
    pub required_artifacts: Vec<ArtifactKind>,
    #[serde(default)]
    pub optional_artifacts: Vec<ArtifactKind>,
}

impl CaseTypeRule {
    /// Every field the form shows for this type, required ones first.
    pub fn fields(&self) -> impl Iterator<Item = CaseField> + '_ {
        self.required_fields.iter().chain(&self.optional_fields).copied()
    }

    /// Every artifact the form offers for this type, required ones first.
    pub fn artifacts(&self) -> impl Iterator<Item = ArtifactKind> + '_ {
        self.required_artifacts.iter().chain(&self.optional_artifacts).copied()
    }
}

/// Something a case still needs before it can be filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "missing", content = "what", rename_all = "snake_case")]
pub enum Missing {
    Field(CaseField),
    Artifact(ArtifactKind),
}

impl Missing {
    pub fn label(self) -> &'static str {
        match self {
            Self::Field(field) => field.label(),
            Self::Artifact(artifact) => artifact.label(),
        }
    }
}

/// The required fields left blank (only spaces count as blank) and the
/// required artifacts with no file yet, in the order the form shows them.
pub fn checklist(
    rule: &CaseTypeRule,
    fields: &BTreeMap<CaseField, String>,
    artifacts: &[ArtifactKind],
) -> Vec<Missing> {
    let blank = |field: &CaseField| fields.get(field).is_none_or(|value| value.trim().is_empty());
    let fields = rule.required_fields.iter().filter(|f| blank(f)).map(|&f| Missing::Field(f));
    let files = rule
        .required_artifacts
        .iter()
        .filter(|kind| !artifacts.contains(kind))
        .map(|&kind| Missing::Artifact(kind));
    fields.chain(files).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product_error() -> CaseTypeRule {
        CaseTypeRule {
            case_type: CaseType::ProductError,
            required_fields: vec![CaseField::Product, CaseField::Version, CaseField::Symptoms],
            optional_fields: vec![CaseField::Workaround],
            required_artifacts: vec![ArtifactKind::SystemReport, ArtifactKind::Logs],
            optional_artifacts: vec![ArtifactKind::Screenshots],
        }
    }

    #[test]
    fn blank_fields_and_missing_files_are_listed_in_form_order() {
        let fields = BTreeMap::from([
            (CaseField::Product, "gateway".to_owned()),
            (CaseField::Symptoms, "   ".to_owned()),
        ]);
        let missing = checklist(&product_error(), &fields, &[ArtifactKind::Logs]);
        assert_eq!(
            missing,
            [
                Missing::Field(CaseField::Version),
                Missing::Field(CaseField::Symptoms),
                Missing::Artifact(ArtifactKind::SystemReport)
            ]
        );
    }

    #[test]
    fn a_complete_case_lacks_nothing_and_optional_items_never_count() {
        let fields = BTreeMap::from([
            (CaseField::Product, "gateway".to_owned()),
            (CaseField::Version, "9.1".to_owned()),
            (CaseField::Symptoms, "Tunnel drops every hour".to_owned()),
        ]);
        let files = [ArtifactKind::Logs, ArtifactKind::SystemReport];
        assert!(checklist(&product_error(), &fields, &files).is_empty());
        let shown: Vec<CaseField> = product_error().fields().collect();
        assert_eq!(shown.last(), Some(&CaseField::Workaround));
    }
}
