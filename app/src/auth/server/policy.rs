//! The one table of who may do what. Server functions and API handlers call
//! [`authorize`] before they read or change anything; queries are then
//! scoped to what was authorised (an organisation's rows, a user's own).

use crate::{
    accounts::{Role, SessionUser, partners_api::PartnerAccess},
    error::AppError,
    ids::OrganisationId,
    ids::UserId,
};

use super::viewer::{AuthMethod, Viewer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See and change one's own profile and password.
    ManageOwnAccount,
    /// List, create and revoke one's own API tokens: from a signed-in
    /// browser only, so a leaked token cannot mint or keep others alive.
    ManageApiTokens,
    /// See an organisation's name, time zone and contracts.
    ViewOrganisation { organisation_id: OrganisationId },
    /// See an organisation's members, invite and remove them.
    ManageMembers { organisation_id: OrganisationId },
    /// See a user's record.
    ViewUser { organisation_id: Option<OrganisationId> },
    /// Create and change any user or organisation.
    AdministerAccounts,
    /// See the mail the support mailbox received and what became of it;
    /// accept or discard what is held for review.
    ReviewMailbox,
    /// See what readers search for, and which articles disappoint them.
    ViewSearchAnalytics,
    /// Draft, review, publish, archive and restore articles.
    WriteArticles,
    /// See an organisation's contracts, points balance and lots.
    ViewEntitlements { organisation_id: OrganisationId },
    /// See every entry of an organisation's points ledger.
    ViewLedger { organisation_id: OrganisationId },
    /// Change plans and contracts, grant and adjust points, sell packs.
    ManageEntitlements,
    /// Give a case's points back when its cause was a product bug, and
    /// answer an account holder's dispute of a charge.
    RefundCharges,
    /// Dispute a charge on the organisation's ledger (its account holders).
    DisputeCharge { organisation_id: OrganisationId },
    /// File a case for the organisation (engineers: by phone or email for
    /// a customer). `partner`: what the organisation lets the viewer's
    /// organisation do as its partner, if it is one.
    OpenCase { organisation_id: OrganisationId, partner: Option<PartnerAccess> },
    /// See a case, write to it, escalate, close or reopen it. `shared`:
    /// the viewer follows the case, or (for its own members) the case's
    /// organisation lets every member see every case. `partner` as for
    /// `OpenCase`.
    ViewCase {
        organisation_id: OrganisationId,
        contact_user_id: UserId,
        shared: bool,
        partner: Option<PartnerAccess>,
    },
    /// Send files for cases (before the case or message that takes them).
    UploadCaseFiles,
    /// Describe a problem on the get-help page (a help session).
    SeekHelp,
    /// List the cases one follows (customers: their own; account holders:
    /// the organisation's; staff: all).
    ListCases,
    /// Read staff-only articles, and every customers' article whatever its
    /// plans or organisations.
    ReadInternalArticles,
    /// Work cases: take them, answer, note, ask the customer, resolve.
    WorkCases,
    /// Support management's reports (SLA attainment, backlog, response times)
    /// and product management's list of enhancement requests.
    ViewSupportReports,
    /// Write known problems: create them, post their updates.
    ManageProblems,
}

/// Answers whether the viewer may take the action: the signed-in user when
/// they may; 401 when nobody is signed in; 404 when the object belongs to
/// another organisation (its existence is not revealed); 403 otherwise.
pub fn authorize(viewer: &Viewer, action: Action) -> Result<&SessionUser, AppError> {
    let user = viewer.require_user()?;
    let own_organisation =
        |organisation_id: OrganisationId| user.organisation_id() == Some(organisation_id);
    let verdict = match action {
        Action::ManageOwnAccount => Verdict::Allow,
        Action::ManageApiTokens => {
            allow_if(matches!(viewer, Viewer::User { via: AuthMethod::Session, .. }))
        }
        Action::AdministerAccounts => allow_if(user.role == Role::Admin),
        // Engineers settle the mail held for review as they work cases.
        Action::ReviewMailbox => allow_if(matches!(user.role, Role::Engineer | Role::Admin)),
        Action::ViewSearchAnalytics | Action::WriteArticles => {
            allow_if(matches!(user.role, Role::Writer | Role::Admin))
        }
        Action::ViewOrganisation { organisation_id } => match user.role {
            Role::Admin => Verdict::Allow,
            Role::Customer | Role::AccountHolder if own_organisation(organisation_id) => {
                Verdict::Allow
            }
            Role::Customer | Role::AccountHolder => Verdict::Hide,
            // Engineers work customers' cases; writers have no business here.
            Role::Engineer => Verdict::Allow,
            Role::Writer => Verdict::Deny,
        },
        Action::ManageMembers { organisation_id } => match user.role {
            Role::Admin => Verdict::Allow,
            Role::AccountHolder if own_organisation(organisation_id) => Verdict::Allow,
            Role::Customer if own_organisation(organisation_id) => Verdict::Deny,
            Role::Customer | Role::AccountHolder => Verdict::Hide,
            Role::Writer | Role::Engineer => Verdict::Deny,
        },
        Action::ViewEntitlements { organisation_id } => match user.role {
            Role::Admin | Role::Engineer => Verdict::Allow,
            // Customers see the balance before they file a case.
            Role::Customer | Role::AccountHolder if own_organisation(organisation_id) => {
                Verdict::Allow
            }
            Role::Customer | Role::AccountHolder => Verdict::Hide,
            Role::Writer => Verdict::Deny,
        },
        Action::ViewLedger { organisation_id } => match user.role {
            Role::Admin | Role::Engineer => Verdict::Allow,
            Role::AccountHolder if own_organisation(organisation_id) => Verdict::Allow,
            Role::Customer if own_organisation(organisation_id) => Verdict::Deny,
            Role::Customer | Role::AccountHolder => Verdict::Hide,
            Role::Writer => Verdict::Deny,
        },
        Action::DisputeCharge { organisation_id } => match user.role {
            Role::AccountHolder if own_organisation(organisation_id) => Verdict::Allow,
            Role::Customer if own_organisation(organisation_id) => Verdict::Deny,
            Role::Customer | Role::AccountHolder => Verdict::Hide,
            // Staff answer disputes; they do not raise them.
            Role::Admin | Role::Engineer | Role::Writer => Verdict::Deny,
        },
        Action::ManageEntitlements => allow_if(user.role == Role::Admin),
        Action::OpenCase { organisation_id, partner } => match user.role {
            Role::Customer | Role::AccountHolder
                if own_organisation(organisation_id)
                    || partner.is_some_and(PartnerAccess::acts) =>
            {
                Verdict::Allow
            }
            Role::Customer | Role::AccountHolder => Verdict::Hide,
            Role::Engineer | Role::Admin => Verdict::Allow,
            Role::Writer => Verdict::Deny,
        },
        Action::ViewCase { organisation_id, contact_user_id, shared, partner } => {
            let follows = user.id == contact_user_id || shared;
            match user.role {
                Role::AccountHolder if own_organisation(organisation_id) => Verdict::Allow,
                // A customer follows their own cases and those shared with
                // them, while they belong to the case's organisation;
                // colleagues' other cases stay hidden.
                Role::Customer if follows && own_organisation(organisation_id) => Verdict::Allow,
                // A partner's people: every case where the client allows
                // it, else those they file or follow, while it allows that.
                Role::Customer | Role::AccountHolder
                    if !own_organisation(organisation_id)
                        && (partner == Some(PartnerAccess::All)
                            || (partner == Some(PartnerAccess::File) && follows)) =>
                {
                    Verdict::Allow
                }
                Role::Customer | Role::AccountHolder => Verdict::Hide,
                Role::Engineer | Role::Admin => Verdict::Allow,
                Role::Writer => Verdict::Deny,
            }
        }
        // Everyone who files or answers cases; writers do neither.
        Action::UploadCaseFiles | Action::SeekHelp | Action::ListCases => {
            allow_if(user.role != Role::Writer)
        }
        Action::ReadInternalArticles => allow_if(user.role.is_staff()),
        Action::RefundCharges
        | Action::WorkCases
        | Action::ViewSupportReports
        | Action::ManageProblems => allow_if(matches!(user.role, Role::Engineer | Role::Admin)),
        Action::ViewUser { organisation_id } => match (user.role, organisation_id) {
            (Role::Admin, _) => Verdict::Allow,
            (Role::AccountHolder, Some(org)) if own_organisation(org) => Verdict::Allow,
            (Role::Customer, Some(org)) if own_organisation(org) => Verdict::Deny,
            (Role::Customer | Role::AccountHolder, _) => Verdict::Hide,
            (Role::Engineer, _) => Verdict::Allow,
            (Role::Writer, _) => Verdict::Deny,
        },
    };
    match verdict {
        Verdict::Allow => Ok(user),
        Verdict::Deny => Err(AppError::Forbidden),
        Verdict::Hide => Err(AppError::not_found("That")),
    }
}

enum Verdict {
    Allow,
    Deny,
    Hide,
}

fn allow_if(condition: bool) -> Verdict {
    if condition { Verdict::Allow } else { Verdict::Deny }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{Level, OrganisationRef};

    fn viewer(role: Role, organisation_id: Option<OrganisationId>) -> Viewer {
        Viewer::User {
            user: SessionUser {
                id: UserId(1),
                email: "x@example.com".into(),
                name: "X".into(),
                role,
                level: (role == Role::Engineer).then_some(Level::L1),
                organisation: organisation_id.map(|id| OrganisationRef { id, name: "Org".into() }),
            },
            via: AuthMethod::Session,
        }
    }

    #[test]
    fn anonymous_visitors_must_sign_in_for_everything_here() {
        let result = authorize(&Viewer::Anonymous, Action::ManageOwnAccount);
        assert_eq!(result.err(), Some(AppError::Unauthorized));
    }

    #[test]
    fn another_organisations_objects_are_hidden_not_forbidden() {
        let holder = viewer(Role::AccountHolder, Some(OrganisationId(1)));
        assert!(
            authorize(&holder, Action::ManageMembers { organisation_id: OrganisationId(1) })
                .is_ok()
        );
        assert_eq!(
            authorize(&holder, Action::ManageMembers { organisation_id: OrganisationId(2) }).err(),
            Some(AppError::not_found("That"))
        );
        assert_eq!(
            authorize(&holder, Action::ViewUser { organisation_id: None }).err(),
            Some(AppError::not_found("That"))
        );
    }

    #[test]
    fn customers_see_their_organisation_but_do_not_manage_it() {
        let customer = viewer(Role::Customer, Some(OrganisationId(1)));
        assert!(
            authorize(&customer, Action::ViewOrganisation { organisation_id: OrganisationId(1) })
                .is_ok()
        );
        assert_eq!(
            authorize(&customer, Action::ManageMembers { organisation_id: OrganisationId(1) })
                .err(),
            Some(AppError::Forbidden)
        );
    }

    #[test]
    fn customers_see_the_balance_and_only_account_holders_the_ledger() {
        let customer = viewer(Role::Customer, Some(OrganisationId(1)));
        let holder = viewer(Role::AccountHolder, Some(OrganisationId(1)));
        assert!(
            authorize(&customer, Action::ViewEntitlements { organisation_id: OrganisationId(1) })
                .is_ok()
        );
        assert_eq!(
            authorize(&customer, Action::ViewLedger { organisation_id: OrganisationId(1) }).err(),
            Some(AppError::Forbidden)
        );
        assert!(
            authorize(&holder, Action::ViewLedger { organisation_id: OrganisationId(1) }).is_ok()
        );
        assert_eq!(
            authorize(&holder, Action::ViewLedger { organisation_id: OrganisationId(2) }).err(),
            Some(AppError::not_found("That"))
        );
        assert!(authorize(&holder, Action::ManageEntitlements).is_err());
        assert!(authorize(&viewer(Role::Engineer, None), Action::RefundCharges).is_ok());
        assert!(authorize(&viewer(Role::Writer, None), Action::RefundCharges).is_err());
    }

    #[test]
    fn a_customer_moved_elsewhere_no_longer_sees_the_cases_they_filed() {
        let moved = viewer(Role::Customer, Some(OrganisationId(2)));
        let old_case = Action::ViewCase {
            organisation_id: OrganisationId(1),
            contact_user_id: UserId(1),
            shared: false,
            partner: None,
        };
        assert_eq!(authorize(&moved, old_case).err(), Some(AppError::not_found("That")));
        let stayed = viewer(Role::Customer, Some(OrganisationId(1)));
        assert!(authorize(&stayed, old_case).is_ok());
    }

    #[test]
    fn a_colleague_sees_a_case_shared_with_them_only_within_its_organisation() {
        let case = |organisation, shared| Action::ViewCase {
            organisation_id: OrganisationId(organisation),
            contact_user_id: UserId(2),
            shared,
            partner: None,
        };
        let colleague = viewer(Role::Customer, Some(OrganisationId(1)));

        assert_eq!(authorize(&colleague, case(1, false)).err(), Some(AppError::not_found("That")));
        assert!(authorize(&colleague, case(1, true)).is_ok());
        assert_eq!(authorize(&colleague, case(2, true)).err(), Some(AppError::not_found("That")));
    }

    #[test]
    fn a_partner_acts_for_a_client_only_as_far_as_the_client_allows() {
        let partner = viewer(Role::Customer, Some(OrganisationId(9)));
        let client = OrganisationId(1);
        let case = |contact, access| Action::ViewCase {
            organisation_id: client,
            contact_user_id: UserId(contact),
            shared: false,
            partner: access,
        };
        let open = |access| Action::OpenCase { organisation_id: client, partner: access };
        let hidden = Some(AppError::not_found("That"));

        assert!(authorize(&partner, case(1, Some(PartnerAccess::File))).is_ok(), "its own");
        assert_eq!(authorize(&partner, case(2, Some(PartnerAccess::File))).err(), hidden);
        assert!(authorize(&partner, case(2, Some(PartnerAccess::All))).is_ok());
        assert_eq!(authorize(&partner, case(1, Some(PartnerAccess::None))).err(), hidden);
        assert_eq!(authorize(&partner, case(1, None)).err(), hidden, "not a partner");
        assert!(authorize(&partner, open(Some(PartnerAccess::File))).is_ok());
        assert_eq!(authorize(&partner, open(Some(PartnerAccess::None))).err(), hidden);
        assert_eq!(authorize(&partner, open(None)).err(), hidden);
    }

    #[test]
    fn api_tokens_are_managed_from_a_browser_session_only() {
        let session = viewer(Role::Customer, Some(OrganisationId(1)));
        let user = session.user().cloned().expect("a signed-in user");
        let script = Viewer::User { user, via: AuthMethod::ApiToken };
        assert!(authorize(&session, Action::ManageApiTokens).is_ok());
        assert_eq!(authorize(&script, Action::ManageApiTokens).err(), Some(AppError::Forbidden));
        assert!(authorize(&script, Action::ManageOwnAccount).is_ok());
    }

    #[test]
    fn only_admins_administer_accounts() {
        for role in Role::ALL {
            let org = role.belongs_to_organisation().then_some(OrganisationId(1));
            let allowed = authorize(&viewer(role, org), Action::AdministerAccounts).is_ok();
            assert_eq!(allowed, role == Role::Admin, "{role:?}");
        }
    }
}
