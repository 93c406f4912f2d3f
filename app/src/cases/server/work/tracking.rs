//! Where the fix of a defect is tracked, recorded when a case is resolved.

use crate::{cases::Resolution, error::AppError};

/// Where the fix of a defect is tracked: engineering's reference and the
/// release that will carry it, each optional (Aveksa: the problem is
/// reported "to Aveksa's Engineering team to be sized and targeted for a
/// future release").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tracking {
    pub engineering_ref: Option<String>,
    pub target_release: Option<String>,
}

impl Tracking {
    const MAX: usize = 100;

    pub(super) fn new(
        engineering_ref: Option<String>,
        target_release: Option<String>,
    ) -> Result<Self, AppError> {
        let checked = |value: Option<String>, what: &str| {
            let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
            match value {
                Some(v) if v.chars().count() > Self::MAX => Err(AppError::bad_request(format!(
                    "Keep the {what} to {} characters.",
                    Self::MAX
                ))),
                other => Ok(other),
            }
        };
        Ok(Self {
            engineering_ref: checked(engineering_ref, "engineering reference")?,
            target_release: checked(target_release, "target release")?,
        })
    }

    /// The first line of the resolution's record and message: "Fixed in a
    /// future release (9.3; engineering ENG-4411)." Empty when there is
    /// nothing to say beyond the summary.
    pub(super) fn said(&self, resolution: Resolution) -> String {
        let details: Vec<String> = [
            self.target_release.as_ref().map(|r| format!("release {r}")),
            self.engineering_ref.as_ref().map(|r| format!("engineering {r}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match (resolution, details.is_empty()) {
            (Resolution::FutureRelease, true) => "Fixed in a future release.\n\n".to_owned(),
            (_, true) => String::new(),
            (_, false) => format!("{} ({}).\n\n", resolution.label(), details.join("; ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fix_is_named_by_release_and_reference_when_given() {
        let both = Tracking::new(Some(" ENG-4411 ".into()), Some("7.1".into())).expect("valid");
        assert_eq!(
            both.said(Resolution::FutureRelease),
            "Fixed in a future release (release 7.1; engineering ENG-4411).\n\n"
        );
        let none = Tracking::new(Some("  ".into()), None).expect("blank is none");
        assert_eq!(none, Tracking::default());
        assert_eq!(none.said(Resolution::FutureRelease), "Fixed in a future release.\n\n");
        assert_eq!(none.said(Resolution::Answered), "");
        let long = Tracking::new(None, Some("9".repeat(101))).expect_err("too long");
        assert!(long.to_string().contains("target release to 100 characters"), "{long}");
    }
}
