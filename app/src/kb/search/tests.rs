//! Search quality on a small knowledge base: each test asks a question a
//! customer would type and checks the right article comes first.

use super::*;
use crate::{
    infra::db::{Db, test_database},
    kb::{
        Audience, Facet, Filters, ProductVersions, Restriction,
        server::{
            articles::{self, ArticleRecord},
            content::{ArticleContent, ArticleMeta},
            readers::Reader,
        },
    },
};

struct Fixture {
    _dir: tempfile::TempDir,
    db: Db,
    index: SearchIndex,
}

fn article(slug: &str, title: &str, body: &str) -> ArticleRecord {
    ArticleRecord {
        slug: slug.into(),
        content: ArticleContent {
            title: title.into(),
            meta: ArticleMeta { audience: Audience::Public, ..ArticleMeta::default() },
            body_markdown: body.into(),
            ..ArticleContent::default()
        },
        body_text: body.into(),
        updated_at: 1,
        ..ArticleRecord::default()
    }
}

async fn fixture(records: Vec<ArticleRecord>) -> Fixture {
    let dir = tempfile::tempdir().expect("temp");
    let db = test_database(dir.path()).await;
    let mut tx = db.pool().begin().await.expect("tx");
    let revision = articles::next_revision(&mut tx).await.expect("revision");
    for record in &records {
        articles::save(&mut tx, 1, revision, record).await.expect("save");
    }
    tx.commit().await.expect("commit");
    let index = SearchIndex::open_or_create(&dir.path().join("index")).expect("index");
    index.sync(&db).await.expect("sync");
    Fixture { _dir: dir, db, index }
}

fn corpus() -> Vec<ArticleRecord> {
    let mut records = vec![
        article(
            "queue-stuck",
            "Outbound mail stays in the queue",
            "Messages wait in the outbound queue. Delivery is deferred with 451 4.4.1 when the relay cannot be reached.",
        ),
        article(
            "relay-denied",
            "Remote server rejects mail with 550 5.7.1",
            "The recipient server answers 550 5.7.1 Relaying denied. Configure SPF and authenticate to the smarthost.",
        ),
        article(
            "access-denied",
            "Installer fails with 0x80070005",
            "Setup stops with error 0x80070005 access denied. Run the installer as an administrator.",
        ),
        article(
            "certificate-expired",
            "Gateway certificate expired",
            "Browsers warn that the certificate of the appliance has expired. Renew the TLS certificate.",
        ),
        article(
            "agent-offline",
            "Desktop agent shows offline",
            "The agent stops reporting its heartbeat to the console after sleep.",
        ),
        article(
            "logon-failures",
            "Repeated failed logons",
            "Event ID 4625 appears many times: an account fails to log on with a wrong password.",
        ),
        article(
            "two-factor",
            "Set up multi-factor authentication",
            "Enable MFA for administrators with an authenticator app.",
        ),
    ];
    let mail_server =
        || vec![ProductVersions { name: "Postwick Mail Server".into(), versions: vec![] }];
    records[0].content.meta.tags = vec!["queue".into(), "smtp".into()];
    records[0].content.meta.products = mail_server();
    records[0].content.category = "mail-delivery".into();
    records[1].content.meta.products = mail_server();
    records[3].content.meta.audience = Audience::Internal;
    records
}

fn top(outcome: &Outcome) -> Vec<&str> {
    outcome.hits.iter().map(|hit| hit.slug.as_str()).collect()
}

fn everyone() -> Vec<String> {
    Reader::Staff.index_terms()
}

fn ask(text: &str, readers: &[String]) -> Request {
    Request {
        text: text.to_owned(),
        readers: readers.to_vec(),
        limit: 10,
        snippets: true,
        ..Request::default()
    }
}

fn only(facet: Facet, value: &str) -> Filters {
    Filters::default().with(facet, Some(value.to_owned()))
}

#[tokio::test]
async fn the_right_article_comes_first_for_each_kind_of_query() {
    let f = fixture(corpus()).await;
    for (query, expected) in [
        ("mail stuck in queue", "queue-stuck"),
        ("550 5.7.1", "relay-denied"),
        ("0x80070005", "access-denied"),
        ("Event ID 4625", "logon-failures"),
        ("why does my agent go offline after the laptop sleeps", "agent-offline"),
        ("relaying denyed", "relay-denied"),
        ("certifcate", "certificate-expired"),
        ("heartb", "agent-offline"),
        ("2fa", "two-factor"),
        ("\"access denied\"", "access-denied"),
    ] {
        let outcome = f.index.search(&ask(query, &everyone())).expect("search");
        assert_eq!(
            top(&outcome).first().copied(),
            Some(expected),
            "{query:?} gave {:?}",
            top(&outcome)
        );
    }
}

#[tokio::test]
async fn readers_only_find_what_they_may_read() {
    let f = fixture(corpus()).await;
    let public = f
        .index
        .search(&ask("certificate expired", &Reader::Anonymous.index_terms()))
        .expect("search");
    assert!(!top(&public).contains(&"certificate-expired"), "{:?}", top(&public));
    let staff = f.index.search(&ask("certificate expired", &everyone())).expect("search");
    assert_eq!(top(&staff).first().copied(), Some("certificate-expired"));
}

#[tokio::test]
async fn an_article_for_chosen_plans_is_found_only_by_their_customers() {
    let mut records = corpus();
    records[0].content.meta.audience = Audience::Customers;
    records[0].content.meta.restricted_to =
        Restriction { plans: vec!["premier".into()], organisations: vec!["Globex".into()] };
    let f = fixture(records).await;
    let found_by = |reader: Reader| {
        let outcome = f.index.search(&ask("mail stuck in queue", &reader.index_terms()));
        top(&outcome.expect("search")).contains(&"queue-stuck")
    };
    let customer = |organisation: &str, plans: &[&str]| Reader::Customer {
        organisation: Some(organisation.into()),
        plans: plans.iter().map(|p| p.to_string()).collect(),
    };
    assert!(found_by(customer("acme", &["premier"])));
    assert!(found_by(customer("globex", &[])));
    assert!(!found_by(customer("acme", &["standard"])));
    assert!(!found_by(Reader::Anonymous));
    assert!(found_by(Reader::Staff));
}

#[tokio::test]
async fn snippets_mark_the_words_and_escape_the_text() {
    let mut records = corpus();
    records.push(article(
        "html-in-body",
        "Markup in text",
        "The banner shows <script>alert(1)</script> when the relay is down.",
    ));
    let f = fixture(records).await;
    let outcome = f.index.search(&ask("relay down banner", &everyone())).expect("search");
    let hit = outcome.hits.iter().find(|h| h.slug == "html-in-body").expect("found");
    assert!(hit.snippet.contains("<mark>relay</mark>"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("<script>"), "{}", hit.snippet);
}

#[tokio::test]
async fn filters_facets_paging_and_the_total() {
    let f = fixture(corpus()).await;
    let all =
        f.index.search(&Request { facets: true, ..ask("mail", &everyone()) }).expect("search");
    assert!(all.facets.products.contains(&("Postwick Mail Server".into(), 2)), "{:?}", all.facets);
    assert_eq!(all.facets.categories, vec![("mail-delivery".to_owned(), 1)]);
    assert!(all.facets.tags.contains(&("smtp".into(), 1)), "{:?}", all.facets);
    let uncounted = f.index.search(&ask("mail", &everyone())).expect("search");
    assert_eq!((uncounted.total, uncounted.facets), (all.total, Facets::default()));
    let tagged = f
        .index
        .search(&Request { filters: only(Facet::Tag, "smtp"), ..ask("mail", &everyone()) })
        .expect("search");
    assert_eq!(top(&tagged), vec!["queue-stuck"]);
    let filtered = f
        .index
        .search(&Request {
            filters: only(Facet::Category, "mail-delivery"),
            ..ask("mail", &everyone())
        })
        .expect("search");
    assert_eq!(top(&filtered), vec!["queue-stuck"]);
    assert_eq!(filtered.total, 1);

    let browse = f.index.search(&Request { limit: 2, ..ask("", &everyone()) }).expect("browse");
    assert_eq!((browse.total, browse.hits.len()), (7, 2));
    let next =
        f.index.search(&Request { limit: 2, offset: 2, ..ask("", &everyone()) }).expect("browse");
    assert!(top(&next).iter().all(|slug| !top(&browse).contains(slug)));
}

#[tokio::test]
async fn queries_the_parser_cannot_read_still_search_their_words() {
    let f = fixture(corpus()).await;
    for query in ["queue (AND", "\"queue", "title:queue OR", "queue^2 ~~ */", "-", "\"\"", "   "] {
        let outcome = f.index.search(&ask(query, &everyone()));
        assert!(outcome.is_ok(), "{query:?}");
    }
    let odd = f.index.search(&ask("outbound (queue", &everyone())).expect("search");
    assert_eq!(top(&odd).first().copied(), Some("queue-stuck"));
    let excluded = f.index.search(&ask("mail -queue", &everyone())).expect("search");
    assert!(!top(&excluded).contains(&"queue-stuck"), "{:?}", top(&excluded));
}

#[tokio::test]
async fn changes_in_the_database_reach_the_index_on_sync() {
    let f = fixture(corpus()).await;
    let mut tx = f.db.pool().begin().await.expect("tx");
    let revision = articles::next_revision(&mut tx).await.expect("revision");
    articles::save(
        &mut tx,
        2,
        revision,
        &article("new-one", "Quarantine release fails", "Releasing from quarantine fails."),
    )
    .await
    .expect("save");
    tx.commit().await.expect("commit");
    assert!(top(&f.index.search(&ask("quarantine", &everyone())).expect("search")).is_empty());

    assert_eq!(f.index.sync(&f.db).await.expect("sync"), 1);
    assert_eq!(
        top(&f.index.search(&ask("quarantine", &everyone())).expect("search")),
        vec!["new-one"]
    );
    assert_eq!(f.index.sync(&f.db).await.expect("sync"), 0, "nothing twice");
}

#[tokio::test]
async fn a_new_index_fills_itself_from_the_database() {
    let f = fixture(corpus()).await;
    let fresh_dir = tempfile::tempdir().expect("temp");
    let fresh = SearchIndex::open_or_create(fresh_dir.path()).expect("index");
    assert_eq!(fresh.num_docs(), 0);
    assert_eq!(fresh.sync(&f.db).await.expect("sync"), 7);
    assert_eq!(fresh.num_docs(), 7);
    // A rebuild commits a page of articles at a time, yet leaves one segment.
    save_notes(&f.db, "note", 1_000).await;
    assert_eq!(fresh.rebuild(&f.db).await.expect("rebuild"), 1_007);
    let segments = || fresh.inner.index.searchable_segment_ids().expect("segments").len();
    assert_eq!((fresh.num_docs(), segments()), (1_007, 1));

    // So does a catch-up with an import's worth of changes.
    save_notes(&f.db, "memo", 1_000).await;
    assert_eq!(fresh.sync(&f.db).await.expect("sync"), 1_000);
    assert_eq!((fresh.num_docs(), segments()), (2_007, 1));
}

/// Saves `count` short articles `{prefix}-{n}` in one revision.
async fn save_notes(db: &Db, prefix: &str, count: usize) {
    let mut tx = db.pool().begin().await.expect("tx");
    let revision = articles::next_revision(&mut tx).await.expect("revision");
    for n in 0..count {
        let extra = article(&format!("{prefix}-{n}"), "A note", "Nothing much.");
        articles::save(&mut tx, 1, revision, &extra).await.expect("save");
    }
    tx.commit().await.expect("commit");
}

#[test]
fn an_unreadable_index_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let versioned = dir.path().join(format!("v{SCHEMA_VERSION}"));
    std::fs::create_dir_all(&versioned).expect("mkdir");
    std::fs::write(versioned.join("meta.json"), "not json").expect("write");
    std::fs::create_dir_all(dir.path().join("v1")).expect("old version");
    let index = SearchIndex::open_or_create(dir.path()).expect("open");
    assert_eq!(index.check().expect("readable"), 0);
    assert!(!dir.path().join("v1").exists(), "older versions are removed");
}

#[test]
fn a_deleted_index_fails_the_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = SearchIndex::open_or_create(dir.path()).expect("open");
    std::fs::remove_dir_all(dir.path().join(format!("v{SCHEMA_VERSION}"))).expect("rm");
    assert!(index.check().is_err());
}

#[tokio::test]
async fn two_step_ranking_scores_exactly_as_one_pass_would() {
    use tantivy::{
        collector::TopDocs,
        query::{BooleanQuery, Occur},
    };
    let f = fixture(corpus()).await;
    let searcher = f.index.inner.reader.searcher();
    let builder = query::Builder {
        fields: f.index.inner.fields,
        searcher: &searcher,
        synonyms: &f.index.inner.synonyms,
    };
    for text in ["mail stays in the outbound queue", "agent stops reporting heartbeat"] {
        let built = builder.build(&parse(text)).expect("a query");
        assert!(!built.proximity.is_empty(), "{text}: words side by side");
        let mut one_pass = vec![(Occur::Must, built.matching.box_clone())];
        one_pass.extend(built.proximity.iter().map(|q| (Occur::Should, q.box_clone())));
        let one_pass = searcher
            .search(&BooleanQuery::new(one_pass), &TopDocs::with_limit(10).order_by_score())
            .expect("one pass");
        let first = searcher
            .search(&built.matching, &TopDocs::with_limit(10).order_by_score())
            .expect("first step");
        let two_steps = rank::rerank(&searcher, &built.proximity, first).expect("rerank");
        assert_eq!(one_pass.len(), two_steps.len(), "{text}");
        for ((one_score, one_doc), (two_score, two_doc)) in one_pass.iter().zip(&two_steps) {
            assert_eq!(one_doc, two_doc, "{text}");
            assert!((one_score - two_score).abs() < 1e-4, "{text}: {one_score} vs {two_score}");
        }
        assert!(
            two_steps[0].0
                > searcher
                    .search(&built.matching, &TopDocs::with_limit(1).order_by_score())
                    .expect("best")[0]
                    .0,
            "{text}: the proximity bonus counts"
        );
    }
}

#[tokio::test]
async fn recent_outcomes_answer_until_the_index_changes_or_are_switched_off() {
    let f = fixture(corpus()).await;
    let readers = everyone();
    let request = ask("outbound queue", &readers);
    assert!(f.index.recent(&request).is_none(), "nothing searched yet");
    let first = f.index.search(&request).expect("search");
    let kept = f.index.recent(&request).expect("kept after one search");
    assert_eq!(top(&kept), top(&first));

    let mut tx = f.db.pool().begin().await.expect("tx");
    let revision = articles::next_revision(&mut tx).await.expect("revision");
    let newer = article("queue-new", "Queue grows", "The outbound queue grows.");
    articles::save(&mut tx, 1, revision, &newer).await.expect("save");
    tx.commit().await.expect("commit");
    f.index.sync(&f.db).await.expect("sync");
    assert!(f.index.recent(&request).is_none(), "a new index state forgets older outcomes");

    f.index.keep_recent_results(false);
    f.index.search(&request).expect("search");
    assert!(f.index.recent(&request).is_none(), "switched off: nothing kept");
}
