//! Every role against every kind of resource: the expected status, and
//! nothing of another organisation in any answer. A partner's customer is
//! among the roles: it reaches only what its client lets it.

use axum::http::StatusCode;

use app::{
    accounts::{
        Role,
        partners_api::PartnerAccess,
        server::{organisations, partners, users},
        tokens_api::ListTokens,
    },
    auth::server::password::hash_password,
    kb::{analytics_api::SearchAnalytics, authoring::api::ListDrafts},
};
use leptos::server_fn::ServerFn;

use super::{organisation_id, seed, user_id};
use crate::{
    browser::{Browser, PASSWORD},
    cases::{gateway_question, post_json},
    helpers::{TestApp, spawn_app},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    CustomerA,
    HolderA,
    CustomerB,
    HolderB,
    Writer,
    EngineerL1,
    EngineerL2,
    Admin,
    /// A customer of Cobalt Partners, which serves organisation A and lets
    /// its people file cases and follow their own.
    PartnerOfA,
}

const EVERYONE: [Who; 10] = [
    Who::Anonymous,
    Who::CustomerA,
    Who::HolderA,
    Who::CustomerB,
    Who::HolderB,
    Who::Writer,
    Who::EngineerL1,
    Who::EngineerL2,
    Who::Admin,
    Who::PartnerOfA,
];

impl Who {
    fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::CustomerA => Some("customer@acme.example"),
            Who::HolderA => Some("holder@acme.example"),
            Who::CustomerB => Some("customer@borealis.example"),
            Who::HolderB => Some("holder@borealis.example"),
            Who::Writer => Some("writer@selfdesk.example"),
            Who::EngineerL1 => Some("l1@selfdesk.example"),
            Who::EngineerL2 => Some("l2@selfdesk.example"),
            Who::Admin => Some("admin@selfdesk.example"),
            Who::PartnerOfA => Some(PARTNER),
        }
    }

    fn in_a(self) -> bool {
        matches!(self, Who::CustomerA | Who::HolderA)
    }

    fn in_b(self) -> bool {
        matches!(self, Who::CustomerB | Who::HolderB)
    }

    /// What the other organisation is called and how its people are reached:
    /// none of it may appear in this viewer's answers.
    fn foreign_markers(self) -> &'static [&'static str] {
        if self.in_a() || self == Who::PartnerOfA {
            &["Borealis", "borealis.example", "SC-BORE"]
        } else if self.in_b() {
            &["Acme", "acme.example", "SC-ACME"]
        } else {
            &[]
        }
    }
}

const OK: StatusCode = StatusCode::OK;
const UNAUTHORIZED: StatusCode = StatusCode::UNAUTHORIZED;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
const NOT_FOUND: StatusCode = StatusCode::NOT_FOUND;

enum Request {
    Get(String),
    ServerFn(&'static str),
}

struct Resource {
    name: &'static str,
    request: Request,
    expect: fn(Who) -> StatusCode,
}

const PARTNER: &str = "partner@cobalt.example";

/// Cobalt Partners serves organisation A; A's customer files CASE-000001,
/// Cobalt's CASE-000002 for A.
async fn partner_of_a(app: &TestApp) {
    let now = app.state.clock.now_ms();
    let cobalt = organisations::create(&app.state.db, now, "Cobalt Partners", "UTC", &[])
        .await
        .expect("an organisation");
    let acme = organisation_id(app, "holder@acme.example").await;
    partners::set(&app.state.db, cobalt, acme, PartnerAccess::File, now).await.expect("partners");
    let partner = users::NewUser {
        email: PARTNER.into(),
        name: "Pat Partner".into(),
        role: Role::Customer,
        level: None,
        organisation_id: Some(cobalt),
        password_hash: Some(hash_password(PASSWORD.into()).await.expect("hash")),
    };
    users::create(&app.state.db, now, partner).await.expect("a partner");
    let mut carl = Browser::signed_in(app, "customer@acme.example").await;
    let filed = post_json(&mut carl, "/api/v1/cases", &gateway_question()).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let mut pat = Browser::signed_in(app, PARTNER).await;
    let mut for_acme = gateway_question();
    for_acme["client"] = serde_json::json!(acme.0);
    let filed = post_json(&mut pat, "/api/v1/cases", &for_acme).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
}

async fn resources(app: &TestApp) -> Vec<Resource> {
    let org_a = organisation_id(app, "holder@acme.example").await;
    let customer_a = user_id(app, "customer@acme.example").await;
    vec![
        Resource {
            name: "own profile (API)",
            request: Request::Get("/api/v1/me".into()),
            expect: |who| {
                if who == Who::Anonymous { UNAUTHORIZED } else { OK }
            },
        },
        Resource {
            name: "organisation A (API)",
            request: Request::Get(format!("/api/v1/organisations/{org_a}")),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::CustomerA | Who::HolderA | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => {
                    OK
                }
                Who::CustomerB | Who::HolderB | Who::PartnerOfA => NOT_FOUND,
                Who::Writer => FORBIDDEN,
            },
        },
        Resource {
            name: "a customer of organisation A (API)",
            request: Request::Get(format!("/api/v1/users/{customer_a}")),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::HolderA | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => OK,
                Who::CustomerA | Who::Writer => FORBIDDEN,
                Who::CustomerB | Who::HolderB | Who::PartnerOfA => NOT_FOUND,
            },
        },
        Resource {
            name: "a user id that does not exist (API)",
            request: Request::Get("/api/v1/users/999999".into()),
            expect: |who| {
                if who == Who::Anonymous { UNAUTHORIZED } else { NOT_FOUND }
            },
        },
        Resource {
            name: "all users (admin API)",
            request: Request::Get("/api/v1/admin/users".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::Admin => OK,
                _ => FORBIDDEN,
            },
        },
        Resource {
            name: "accounts administration (page)",
            request: Request::Get("/admin/accounts".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::Admin => OK,
                _ => FORBIDDEN,
            },
        },
        Resource {
            name: "own organisation (page)",
            request: Request::Get("/organisation".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                who if who.in_a() || who.in_b() || who == Who::PartnerOfA => OK,
                _ => NOT_FOUND,
            },
        },
        Resource {
            name: "own account (page)",
            request: Request::Get("/account".into()),
            expect: |who| {
                if who == Who::Anonymous { UNAUTHORIZED } else { OK }
            },
        },
        Resource {
            name: "own API tokens (server function)",
            request: Request::ServerFn(ListTokens::PATH),
            expect: |who| if who == Who::Anonymous { UNAUTHORIZED } else { OK },
        },
        Resource {
            name: "public article (API)",
            request: Request::Get("/api/v1/articles/outbound-mail-stuck-in-queue".into()),
            expect: |_| OK,
        },
        Resource {
            name: "customers' article (page)",
            request: Request::Get("/articles/support-points-explained".into()),
            expect: |who| if who == Who::Anonymous { UNAUTHORIZED } else { OK },
        },
        Resource {
            name: "internal article (API)",
            request: Request::Get("/api/v1/articles/retention-policy-internal".into()),
            expect: |who| match who {
                Who::Writer | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => OK,
                _ => NOT_FOUND,
            },
        },
        Resource {
            name: "entitlements of organisation A (API)",
            request: Request::Get(format!("/api/v1/entitlements?organisation={org_a}")),
            expect: entitlements_of_a,
        },
        Resource {
            name: "entitlements of organisation A (page)",
            request: Request::Get(format!("/organisations/{org_a}/entitlements")),
            expect: entitlements_of_a,
        },
        Resource {
            name: "ledger of organisation A (API)",
            request: Request::Get(format!("/api/v1/ledger?organisation={org_a}")),
            expect: ledger_of_a,
        },
        Resource {
            name: "ledger of organisation A (CSV)",
            request: Request::Get(format!("/api/v1/ledger.csv?organisation={org_a}")),
            expect: ledger_of_a,
        },
        Resource {
            name: "billable time of organisation A (CSV)",
            request: Request::Get(format!("/api/v1/billable-time.csv?organisation={org_a}")),
            expect: ledger_of_a,
        },
        Resource {
            name: "own plans and points (page)",
            request: Request::Get("/entitlements".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                who if who.in_a() || who.in_b() || who == Who::PartnerOfA => OK,
                // Staff name the organisation.
                _ => StatusCode::BAD_REQUEST,
            },
        },
        Resource {
            name: "plan catalogue (page)",
            request: Request::Get("/admin/plans".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::Admin => OK,
                _ => FORBIDDEN,
            },
        },
        Resource {
            name: "case list (page)",
            request: Request::Get("/cases".into()),
            expect: cases,
        },
        Resource {
            name: "a case organisation A's customer filed (API)",
            request: Request::Get("/api/v1/cases/CASE-000001".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::CustomerA | Who::HolderA | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => {
                    OK
                }
                Who::CustomerB | Who::HolderB | Who::PartnerOfA => NOT_FOUND,
                Who::Writer => FORBIDDEN,
            },
        },
        Resource {
            name: "a case the partner filed for organisation A (page)",
            request: Request::Get("/cases/CASE-000002".into()),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::PartnerOfA | Who::HolderA | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => {
                    OK
                }
                Who::CustomerA | Who::CustomerB | Who::HolderB => NOT_FOUND,
                Who::Writer => FORBIDDEN,
            },
        },
        Resource {
            name: "case form (page)",
            request: Request::Get("/cases/new".into()),
            expect: cases,
        },
        Resource { name: "get help (page)", request: Request::Get("/help".into()), expect: cases },
        Resource {
            name: "engineers' queue (page)",
            request: Request::Get("/queue".into()),
            expect: support_staff,
        },
        Resource {
            name: "enhancement requests (page)",
            request: Request::Get("/enhancements".into()),
            expect: support_staff,
        },
        Resource {
            name: "enhancement requests (API)",
            request: Request::Get("/api/v1/enhancements".into()),
            expect: support_staff,
        },
        Resource {
            name: "support reports (page)",
            request: Request::Get("/reports".into()),
            expect: support_staff,
        },
        Resource {
            name: "SLA report (API)",
            request: Request::Get("/api/v1/reports/sla?days=90".into()),
            expect: support_staff,
        },
        Resource {
            name: "notifications (page)",
            request: Request::Get("/notifications".into()),
            expect: signed_in,
        },
        Resource {
            name: "notifications (API)",
            request: Request::Get("/api/v1/notifications".into()),
            expect: signed_in,
        },
        Resource {
            name: "deflection report (page)",
            request: Request::Get("/admin/deflection".into()),
            expect: analytics,
        },
        Resource {
            name: "search analytics (page)",
            request: Request::Get("/admin/search-analytics".into()),
            expect: analytics,
        },
        Resource {
            name: "search analytics (server function)",
            request: Request::ServerFn(SearchAnalytics::PATH),
            expect: analytics,
        },
        Resource {
            name: "writers' drafts (page)",
            request: Request::Get("/write".into()),
            expect: analytics,
        },
        Resource {
            name: "writers' drafts (server function)",
            request: Request::ServerFn(ListDrafts::PATH),
            expect: analytics,
        },
    ]
}

fn entitlements_of_a(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::CustomerA | Who::HolderA | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => OK,
        Who::CustomerB | Who::HolderB | Who::PartnerOfA => NOT_FOUND,
        Who::Writer => FORBIDDEN,
    }
}

fn ledger_of_a(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::HolderA | Who::EngineerL1 | Who::EngineerL2 | Who::Admin => OK,
        Who::CustomerB | Who::HolderB | Who::PartnerOfA => NOT_FOUND,
        Who::CustomerA | Who::Writer => FORBIDDEN,
    }
}

/// Everyone who files or works cases; writers do neither.
fn cases(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::Writer => FORBIDDEN,
        _ => OK,
    }
}

fn analytics(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::Writer | Who::Admin => OK,
        _ => FORBIDDEN,
    }
}

#[tokio::test]
async fn every_role_gets_the_expected_answer_and_nothing_of_another_organisation() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    partner_of_a(&app).await;
    let resources = resources(&app).await;
    let mut failures = Vec::new();

    for who in EVERYONE {
        let mut browser = match who.email() {
            Some(email) => Browser::signed_in(&app, email).await,
            None => Browser::open(&app).await,
        };
        for resource in &resources {
            let response = match &resource.request {
                Request::Get(path) => browser.get(path).await,
                Request::ServerFn(path) => browser.call_path(path, &[]).await,
            };
            let expected = (resource.expect)(who);
            if response.status != expected {
                failures.push(format!(
                    "{who:?} / {}: {} (expected {expected})",
                    resource.name, response.status
                ));
            }
            for marker in who.foreign_markers() {
                if response.body.contains(marker) {
                    failures.push(format!(
                        "{who:?} / {}: the answer mentions {marker:?}",
                        resource.name
                    ));
                }
            }
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn an_account_holder_sees_members_and_a_customer_does_not() {
    let app = spawn_app().await;
    seed(&app).await;
    let org_a = organisation_id(&app, "holder@acme.example").await;
    let path = format!("/api/v1/organisations/{org_a}");

    let holder = Browser::signed_in(&app, "holder@acme.example").await.get(&path).await;
    let customer = Browser::signed_in(&app, "customer@acme.example").await.get(&path).await;

    assert_eq!(holder.json()["members"].as_array().map(Vec::len), Some(2));
    assert!(customer.json()["members"].is_null());
    assert_eq!(customer.json()["organisation"]["contracts"][0], "SC-ACME-1001");
}

#[tokio::test]
async fn malformed_ids_are_a_bad_request_with_a_message() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    let response = admin.get("/api/v1/users/abc").await;

    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.json()["error"].as_str().is_some_and(|e| e.contains("not an id")));
}

/// Support engineers and support management.
fn support_staff(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::EngineerL1 | Who::EngineerL2 | Who::Admin => OK,
        _ => FORBIDDEN,
    }
}

fn signed_in(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        _ => OK,
    }
}
