//! Who reads which article, for every role: the article itself, search,
//! related lists and the export all follow the article's audience and its
//! chosen plans or organisations.

use axum::http::StatusCode;

use app::kb::authoring::api::{OpenDraft, SaveDraft};

use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestApp, spawn_app},
    kb::{authoring::form, import_dir},
};

/// Five articles sharing the word "zephyr", one per kind of audience, all
/// in one category so that each is related to the others.
const ARTICLES: [(&str, &str); 5] = [
    ("everyone", "audience: public"),
    ("signed-in", "audience: customers"),
    ("gold-plan", "audience: customers\nplans: [gold]"),
    ("borealis-only", "audience: customers\norganisations: [Borealis Health]"),
    ("staff-only", "audience: internal"),
];

async fn import_articles(app: &TestApp) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (slug, audience) in ARTICLES {
        let text = format!(
            "---\ntitle: Zephyr {slug}\nslug: {slug}\ncategory: zephyr\n{audience}\n---\nZephyr notes for {slug}.\n"
        );
        std::fs::write(dir.path().join(format!("{slug}.md")), text).expect("write");
    }
    let report = import_dir(app, dir.path()).await;
    assert_eq!(report.rejected.len(), 0, "{:?}", report.rejected);
}

/// Which of the five the reader finds, opens, and sees as related.
async fn what_reads(reader: &mut Browser<'_>) -> (Vec<String>, Vec<String>, Vec<String>) {
    let results = reader.get("/api/v1/search?q=zephyr&limit=20").await.json();
    let mut found: Vec<String> = results["hits"]
        .as_array()
        .map(|hits| hits.iter().filter_map(|h| h["slug"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    found.sort();
    let mut opened = Vec::new();
    for (slug, _) in ARTICLES {
        let api = reader.get(&format!("/api/v1/articles/{slug}")).await;
        let page = reader.get(&format!("/articles/{slug}")).await;
        assert_eq!(api.status, page.status, "{slug}: the page answers as the API does");
        if api.status == StatusCode::OK {
            opened.push(slug.to_owned());
        } else {
            assert!(
                matches!(api.status, StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED),
                "{slug}: {}",
                api.status
            );
            assert!(!api.body.contains("Zephyr notes"), "nothing of it shows");
        }
    }
    opened.sort();
    let mut related: Vec<String> = reader.get("/api/v1/articles/everyone").await.json()["related"]
        .as_array()
        .map(|cards| cards.iter().filter_map(|c| c["slug"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    related.push("everyone".into());
    related.sort();
    (found, opened, related)
}

fn slugs(list: &[&str]) -> Vec<String> {
    let mut slugs: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    slugs.sort();
    slugs
}

#[tokio::test]
async fn every_role_reads_exactly_the_articles_meant_for_it() {
    let app = spawn_app().await;
    seed(&app).await;
    import_articles(&app).await;
    let all = ["everyone", "signed-in", "gold-plan", "borealis-only", "staff-only"];
    // Acme holds the gold plan; Borealis a per-incident one.
    let expectations: [(Option<&str>, &[&str]); 8] = [
        (None, &["everyone"]),
        (Some("customer@acme.example"), &["everyone", "signed-in", "gold-plan"]),
        (Some("holder@acme.example"), &["everyone", "signed-in", "gold-plan"]),
        (Some("customer@borealis.example"), &["everyone", "signed-in", "borealis-only"]),
        (Some("holder@borealis.example"), &["everyone", "signed-in", "borealis-only"]),
        (Some("writer@selfdesk.example"), &all),
        (Some("l1@selfdesk.example"), &all),
        (Some("admin@selfdesk.example"), &all),
    ];
    for (email, expected) in expectations {
        let mut reader = match email {
            Some(email) => Browser::signed_in(&app, email).await,
            None => Browser::open(&app).await,
        };
        let (found, opened, related) = what_reads(&mut reader).await;
        let who = email.unwrap_or("anonymous");
        assert_eq!(found, slugs(expected), "{who} searches");
        assert_eq!(opened, slugs(expected), "{who} opens");
        assert_eq!(related, slugs(expected), "{who} sees related");
    }
    let anonymous = app.get("/api/v1/articles/gold-plan").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "asked to sign in");
}

#[tokio::test]
async fn a_plan_article_reaches_an_organisation_only_while_its_contract_runs() {
    let app = spawn_app().await;
    seed(&app).await;
    import_articles(&app).await;
    sqlx::query("UPDATE contracts SET ends_on = '2000-01-31' WHERE plan_key = 'gold'")
        .execute(app.state.db.pool())
        .await
        .expect("end the contract");

    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let (found, opened, _) = what_reads(&mut customer).await;

    assert_eq!(found, slugs(&["everyone", "signed-in"]));
    assert_eq!(opened, slugs(&["everyone", "signed-in"]));
}

#[tokio::test]
async fn writers_choose_plans_only_for_customers_and_only_ones_that_exist() {
    let app = spawn_app().await;
    seed(&app).await;
    import_articles(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let opened = writer.call::<OpenDraft>(&[("slug", "everyone")]).await.json();
    let base = opened["edit_number"].to_string();
    // The editor's form, with who may read it chosen.
    let form = |audience: &'static str, plans: &'static str, organisations: &'static str| {
        let mut fields = form("everyone", &base, "Zephyr everyone", "Zephyr notes.");
        fields.retain(|(name, _)| *name != "fields[audience]");
        fields.extend([
            ("fields[audience]", audience),
            ("fields[plans]", plans),
            ("fields[organisations]", organisations),
        ]);
        fields
    };

    let public_with_plan = writer.call::<SaveDraft>(&form("public", "gold", "")).await;
    let unknown_plan = writer.call::<SaveDraft>(&form("customers", "diamond", "")).await;
    let unknown_organisation =
        writer.call::<SaveDraft>(&form("customers", "", "Nowhere Inc")).await;
    let good = writer.call::<SaveDraft>(&form("customers", "gold", "borealis health")).await;

    assert_eq!(public_with_plan.status, StatusCode::BAD_REQUEST);
    assert!(public_with_plan.app_error().to_string().contains("choose among customers"));
    assert_eq!(unknown_plan.status, StatusCode::BAD_REQUEST);
    assert!(unknown_plan.app_error().to_string().contains("No plan \"diamond\""));
    assert_eq!(unknown_organisation.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown_organisation.app_error().to_string().contains("No organisation \"Nowhere Inc\"")
    );
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    let draft = writer.call::<OpenDraft>(&[("slug", "everyone")]).await.json();
    assert_eq!(draft["fields"]["plans"], "gold");
    assert_eq!(draft["fields"]["organisations"], "borealis health");
}

#[tokio::test]
async fn export_writes_plans_and_organisations_and_imports_unchanged() {
    let app = spawn_app().await;
    seed(&app).await;
    import_articles(&app).await;
    let out = tempfile::tempdir().expect("temp dir");

    let written =
        app::kb::server::export::export_tree(&app.state.db, out.path()).await.expect("export");
    let gold = std::fs::read_to_string(out.path().join("gold-plan.md")).expect("read");
    let again = import_dir(&app, out.path()).await;

    assert_eq!(written, 5);
    assert!(gold.contains("audience: customers\nplans: [\"gold\"]\n"), "{gold}");
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 5), "{again:?}");
}

#[tokio::test]
async fn an_articles_pictures_are_seen_only_by_who_may_read_the_article() {
    let app = spawn_app().await;
    seed(&app).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("write");
    write(
        "borealis-diagram.md",
        b"---\ntitle: Borealis diagram\naudience: customers\norganisations: [Borealis Health]\n---\n![diagram](diagram.png)\n",
    );
    write("public-shot.md", b"---\ntitle: Public shot\naudience: public\n---\n![shot](shot.png)\n");
    write("diagram.png", b"\x89PNG\r\n\x1a\nthe Borealis diagram");
    write("shot.png", b"\x89PNG\r\n\x1a\na public screenshot");
    import_dir(&app, dir.path()).await;
    let url = |bytes: &[u8]| {
        app::kb::server::media::url(&app::kb::server::media::stored_name(bytes, "png"))
    };
    let diagram = url(b"\x89PNG\r\n\x1a\nthe Borealis diagram");
    let shot = url(b"\x89PNG\r\n\x1a\na public screenshot");
    let mut borealis = Browser::signed_in(&app, "customer@borealis.example").await;
    let mut acme = Browser::signed_in(&app, "customer@acme.example").await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;

    let anonymous = app.get(&diagram).await;
    let other_customer = acme.get(&diagram).await;
    let reader = borealis.get(&diagram).await;
    let by_writer = writer.get(&diagram).await;
    let public = app.get(&shot).await;

    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
    assert_eq!(other_customer.status, StatusCode::NOT_FOUND);
    assert!(!other_customer.body.contains("Borealis diagram"));
    assert_eq!(reader.status, StatusCode::OK);
    assert_eq!(reader.body, "\u{fffd}PNG\r\n\u{1a}\nthe Borealis diagram");
    assert_eq!(reader.header("cache-control"), Some("private, no-store"));
    assert_eq!(by_writer.status, StatusCode::OK);
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.header("cache-control"), Some("public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn articles_saved_before_media_were_recorded_get_their_pictures_recorded_at_start() {
    let app = spawn_app().await;
    seed(&app).await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("shot.md"),
        "---\ntitle: Shot\naudience: public\n---\n![shot](shot.png)\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("shot.png"), b"\x89PNG\r\n\x1a\nan older picture")
        .expect("write");
    import_dir(&app, dir.path()).await;
    let url = app::kb::server::media::url(&app::kb::server::media::stored_name(
        b"\x89PNG\r\n\x1a\nan older picture",
        "png",
    ));
    // As a database from before `article_media` existed.
    sqlx::query("DELETE FROM article_media").execute(app.state.db.pool()).await.expect("delete");
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);

    let recorded =
        app::kb::server::media_access::record_missing(&app.state.db).await.expect("recorded");

    assert_eq!(recorded, 1);
    assert_eq!(app.get(&url).await.status, StatusCode::OK);
    let again = app::kb::server::media_access::record_missing(&app.state.db).await.expect("again");
    assert_eq!(again, 0, "once only");
}
