//! The case form's field names, for the page that writes them and the
//! server that reads them, and the reading of a sent form into one typed
//! [`NewCase`]: a field renamed here is renamed for both.

use std::collections::BTreeMap;

use super::{ArtifactKind, ArtifactRef, CaseField, NewCase};
use crate::{entitlements::Channel, error::AppError};

/// The form's own text fields. The case type's fields are named by their
/// [`CaseField`] word, and files come in [`file_field`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseFormField {
    CaseType,
    Severity,
    Subject,
    Description,
    /// Staff: phone or email.
    Channel,
    /// Staff: the customer the case is for.
    ContactEmail,
    /// The "get help" session the case comes from.
    Session,
    /// A partner: the client organisation the case is for.
    Client,
    /// Accepts the hourly rate of a paid ticket.
    AcceptHourlyRate,
}

impl CaseFormField {
    pub const ALL: [CaseFormField; 9] = [
        Self::CaseType,
        Self::Severity,
        Self::Subject,
        Self::Description,
        Self::Channel,
        Self::ContactEmail,
        Self::Session,
        Self::Client,
        Self::AcceptHourlyRate,
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.name() == name)
    }

    pub const fn name(self) -> &'static str {
        match self {
            Self::CaseType => "case_type",
            Self::Severity => "severity",
            Self::Subject => "subject",
            Self::Description => "description",
            Self::Channel => "channel",
            Self::ContactEmail => "contact_email",
            Self::Session => "session",
            Self::Client => "client",
            Self::AcceptHourlyRate => "accept_hourly_rate",
        }
    }
}

const FILE_PREFIX: &str = "file_";

/// The field the files of a kind are sent in (several files each).
pub fn file_field(kind: ArtifactKind) -> String {
    format!("{FILE_PREFIX}{}", kind.as_str())
}

/// Whether a field of the sent form carries files.
pub fn is_file_field(name: &str) -> bool {
    name.starts_with(FILE_PREFIX)
}

/// A sent case form: its text fields and its files' upload tokens by field.
pub struct SentCaseForm<'a> {
    pub text: &'a BTreeMap<String, String>,
    pub files: Vec<(&'a str, String)>,
}

impl SentCaseForm<'_> {
    fn text(&self, name: &str) -> String {
        self.text.get(name).cloned().unwrap_or_default()
    }

    fn given(&self, field: CaseFormField) -> Option<String> {
        self.text.get(field.name()).cloned().filter(|value| !value.trim().is_empty())
    }

    /// The case the form describes, or what in it is not a known word.
    pub fn read(&self) -> Result<NewCase, AppError> {
        let mut artifacts = Vec::new();
        for (field, token) in &self.files {
            let kind: ArtifactKind = field.trim_start_matches(FILE_PREFIX).parse()?;
            artifacts.push(ArtifactRef { upload: token.clone(), kind });
        }
        let mut fields = BTreeMap::new();
        for field in CaseField::ALL {
            let value = self.text(field.as_str());
            if !value.trim().is_empty() {
                fields.insert(*field, value);
            }
        }
        Ok(NewCase {
            case_type: self.text(CaseFormField::CaseType.name()).parse()?,
            severity: self.text(CaseFormField::Severity.name()).parse()?,
            subject: self.text(CaseFormField::Subject.name()),
            description: self.text(CaseFormField::Description.name()),
            fields,
            artifacts,
            channel: match self.given(CaseFormField::Channel) {
                Some(channel) => channel.parse()?,
                None => Channel::Web,
            },
            contact_email: self.given(CaseFormField::ContactEmail),
            help_session: self.given(CaseFormField::Session),
            client: match self.given(CaseFormField::Client) {
                Some(id) => Some(id.parse().map_err(|_| {
                    AppError::bad_request(format!("{id:?} is not an organisation's id."))
                })?),
                None => None,
            },
            accept_hourly_rate: self.given(CaseFormField::AcceptHourlyRate).is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{CaseType, Severity};

    #[test]
    fn a_sent_form_reads_into_the_case_it_describes() {
        let text: BTreeMap<String, String> = [
            (CaseFormField::CaseType.name(), "product_error"),
            (CaseFormField::Severity.name(), "2"),
            (CaseFormField::Subject.name(), "Queue stuck"),
            (CaseFormField::Description.name(), "Since the upgrade"),
            (CaseFormField::ContactEmail.name(), " "),
            (CaseField::Version.as_str(), "9.2"),
            (CaseField::Workaround.as_str(), ""),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
        let logs = file_field(ArtifactKind::ALL[0]);
        let form = SentCaseForm { text: &text, files: vec![(logs.as_str(), "token".into())] };

        let case = form.read().expect("a valid form");

        assert_eq!((case.case_type, case.severity), (CaseType::ProductError, Severity::Two));
        assert_eq!(case.fields.get(&CaseField::Version).map(String::as_str), Some("9.2"));
        assert!(!case.fields.contains_key(&CaseField::Workaround), "empty fields are left out");
        assert_eq!((case.channel, case.contact_email), (Channel::Web, None));
        let expected = ArtifactRef { upload: "token".into(), kind: ArtifactKind::ALL[0] };
        assert_eq!(case.artifacts, vec![expected]);
        assert!(is_file_field(&logs) && !is_file_field(CaseFormField::Subject.name()));
        for field in CaseFormField::ALL {
            assert_eq!(CaseFormField::from_name(field.name()), Some(field));
        }
    }

    #[test]
    fn an_unknown_file_field_is_refused_not_ignored() {
        let text = BTreeMap::new();
        let form = SentCaseForm { text: &text, files: vec![("file_photos", "token".into())] };
        assert!(form.read().is_err());
    }
}
