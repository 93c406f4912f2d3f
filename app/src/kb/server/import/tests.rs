use std::path::Path;

use super::*;
use crate::{
    cases::CaseType,
    infra::db::{Db, test_database},
    kb::Audience,
};

struct Tree(tempfile::TempDir);

impl Tree {
    fn new() -> Self {
        Self(tempfile::tempdir().expect("temp dir"))
    }

    fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let full = self.0.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, content).expect("write");
    }

    fn root(&self) -> &Path {
        self.0.path()
    }
}

async fn database(dir: &Path) -> Db {
    test_database(dir).await
}

async fn import(db: &Db, tree: &Tree, media: &Path) -> ImportReport {
    import_with(db, tree, media, &ImportOptions::default()).await
}

async fn import_with(db: &Db, tree: &Tree, media: &Path, options: &ImportOptions) -> ImportReport {
    let media = FileStore::local(media).expect("media store");
    import_tree(db, 1_800_000_000_000, tree.root(), &media, options, &|_| {}).await.expect("import")
}

fn sample_tree() -> Tree {
    let tree = Tree::new();
    tree.write(
        "mail/queue-stuck.md",
        "---\ntitle: Outbound mail stays in the queue\nslug: mail-queue-stuck\ntags: [queue, smtp]\n\
         products:\n  - name: Postwick Mail Server\n    versions: [\"5.2\"]\ncase_types: [product error]\n\
         audience: customers\nupdated: 2026-10-01\nowner: mail-team\n---\n## Symptoms\n\nMail stays queued with `451 4.4.1`.\n",
    );
    tree.write(
        "agent/offline.md",
        "# Agent shows offline\n\nThe agent stops reporting.\n\nSee [the queue article](../mail/queue-stuck.md).\n\n[!INCLUDE [note](../includes/support-note.md)]\n",
    );
    tree.write("includes/support-note.md", "Contact support if this persists.\n");
    tree.write("gateway/setup.md", "+++\ntitle = \"Gateway first setup\"\ncategory = \"installation\"\n+++\nPlug in the appliance.\n");
    tree.write("a/overview.md", "# First overview\n");
    tree.write("b/overview.md", "# Second overview\n");
    tree.write("broken.md", "---\ntitle: x\ntags: [a, b\n---\nbody\n");
    tree.write("bad-case-type.md", "---\ntitle: y\ncase_types: [complaint]\n---\nbody\n");
    tree.write("latin1.md", b"# Caf\xe9\n");
    tree.write("itpro.md", "---\ntitle: For IT pros\naudience: itpro\n---\nBody\n");
    tree
}

#[tokio::test]
async fn a_tree_imports_with_fallbacks_fragments_and_clear_rejections() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let tree = sample_tree();

    let report = import(&db, &tree, &dir.path().join("media")).await;

    assert_eq!(report.imported, 6, "{report:#?}");
    assert_eq!(report.fragments, 1);
    let rejected: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(rejected.len(), 3, "{rejected:#?}");
    assert!(
        rejected[0].starts_with("bad-case-type.md:3: unknown case type \"complaint\""),
        "{}",
        rejected[0]
    );
    assert!(
        rejected[1].starts_with("broken.md:4: the YAML front matter cannot be read"),
        "{}",
        rejected[1]
    );
    assert_eq!(rejected[2], "latin1.md:1: is not UTF-8 text");
    assert!(report.warnings[0].contains("\"itpro\": 1"), "{:?}", report.warnings);

    let queue =
        articles::published(&db, "mail-queue-stuck").await.expect("query").expect("imported");
    assert_eq!(queue.title, "Outbound mail stays in the queue");
    assert_eq!(queue.meta.audience, Audience::Customers);
    assert_eq!(queue.meta.case_types, [CaseType::ProductError]);
    assert_eq!(queue.meta.products[0].name, "Postwick Mail Server");
    let extra: String =
        sqlx::query_scalar("SELECT extra FROM articles WHERE slug = 'mail-queue-stuck'")
            .fetch_one(db.pool())
            .await
            .expect("extra");
    assert_eq!(extra, r#"{"owner":"mail-team"}"#);

    let offline = articles::published(&db, "offline").await.expect("query").expect("imported");
    assert_eq!(offline.title, "Agent shows offline");
    assert_eq!(offline.summary, "The agent stops reporting.");
    assert!(
        offline.body_html.contains(r#"href="/articles/mail-queue-stuck""#),
        "{}",
        offline.body_html
    );
    assert!(
        offline.body_html.contains("Contact support if this persists."),
        "the fragment is inlined"
    );
    assert!(
        articles::published(&db, "support-note").await.expect("query").is_none(),
        "fragments are not articles"
    );

    for slug in ["a-overview", "b-overview", "setup"] {
        assert!(articles::published(&db, slug).await.expect("query").is_some(), "{slug}");
    }
    let itpro = articles::published(&db, "itpro").await.expect("query").expect("imported");
    assert_eq!(itpro.meta.audience, Audience::Internal);
    assert_eq!(report.audiences.to_string(), "public 4, customers 1, internal 1");
}

#[tokio::test]
async fn foreign_audiences_follow_the_operators_mapping() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let tree = sample_tree();
    let options =
        ImportOptions { audience_map: AudienceMap::parse(["ITPro=public"]).expect("a mapping") };

    let report = import_with(&db, &tree, &dir.path().join("media"), &options).await;

    let itpro = articles::published(&db, "itpro").await.expect("query").expect("imported");
    assert_eq!(itpro.meta.audience, Audience::Public);
    assert!(report.warnings.iter().all(|w| !w.contains("itpro")), "{:?}", report.warnings);
    assert_eq!(report.audiences.to_string(), "public 5, customers 1, internal 0");
}

#[tokio::test]
async fn importing_again_changes_nothing_and_a_changed_file_updates_only_itself() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let tree = sample_tree();
    let media = dir.path().join("media");
    import(&db, &tree, &media).await;
    let changed_before: i64 = sqlx::query_scalar("SELECT MAX(changed_at) FROM articles")
        .fetch_one(db.pool())
        .await
        .expect("max");

    let again = import(&db, &tree, &media).await;
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 6));

    tree.write("gateway/setup.md", "+++\ntitle = \"Gateway first setup\"\ncategory = \"installation\"\n+++\nPlug in the appliance, then wait.\n");
    let later = import_tree(
        &db,
        1_800_000_100_000,
        tree.root(),
        &FileStore::local(&media).expect("media store"),
        &ImportOptions::default(),
        &|_| {},
    )
    .await
    .expect("import");
    assert_eq!((later.imported, later.updated, later.unchanged), (0, 1, 5));
    let changed: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM articles WHERE changed_at > $1")
            .bind(changed_before)
            .fetch_all(db.pool())
            .await
            .expect("changed");
    assert_eq!(changed, vec!["setup"]);
}

#[tokio::test]
async fn a_file_that_breaks_later_keeps_its_imported_article() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let tree = sample_tree();
    let media = dir.path().join("media");
    import(&db, &tree, &media).await;

    tree.write("gateway/setup.md", "+++\ntitle = \"unterminated\n+++\n");
    std::fs::remove_file(tree.root().join("agent/offline.md")).expect("remove");
    let report = import(&db, &tree, &media).await;

    assert!(
        report
            .rejected
            .iter()
            .any(|r| r.path == Path::new("gateway/setup.md") && r.line == Some(2)),
        "{report:#?}"
    );
    let setup = articles::published(&db, "setup").await.expect("query").expect("still there");
    assert!(setup.body_html.contains("Plug in the appliance."));
    assert!(
        articles::published(&db, "offline").await.expect("query").is_some(),
        "a deleted file deletes nothing"
    );
}

#[tokio::test]
async fn a_slug_given_twice_rejects_the_second_file() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let tree = Tree::new();
    tree.write("one.md", "---\nslug: same\n---\n# One\n");
    tree.write("two.md", "---\ntitle: Two\nslug: same\n---\n# Two\n");
    tree.write("bad.md", "---\nslug: Not A Slug\n---\nx\n");

    let report = import(&db, &tree, &dir.path().join("media")).await;

    assert_eq!(report.imported, 1);
    let rejected: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        rejected,
        vec![
            "bad.md:2: slug \"Not A Slug\" must be 1 to 100 of a-z, 0-9 and -".to_owned(),
            "two.md:3: slug \"same\" is already used by another file of this import".to_owned(),
        ]
    );
}

/// A tree in the Microsoft Docs front-matter dialect: `ms.*` keys, US
/// dates, an `audience` of its own, lists, includes and a picture.
fn docs_dialect_tree() -> Tree {
    let tree = Tree::new();
    tree.write(
        "support/azure/rdp-fails.md",
        "---\ntitle: RDP connection fails with error 0x204\ndescription: Fixes an issue in which Remote Desktop cannot connect.\n\
         ms.date: 1/27/2021\nauthor: someone\nms.author: v-someone\nms.reviewer: \"first,second\"\nms.service: virtual-machines\n\
         ms.custom: sap:Connectivity, has-adal-ref\naudience: itpro\nappliesto:\n  - Windows Server 2019\n  - Windows Server 2016\n\
         search.appverid: MET150\n#Customer intent: As an admin I want to connect.\n---\n\
         # RDP connection fails\n\n_Original KB number:_ &nbsp; 2477023\n\n> [!NOTE]\n> Restart the VM first.\n\n\
         ## Symptoms\n\nThe client shows `0x204`.\n\n![The error dialog](./media/rdp-fails/error.png \"Error\")\n\n\
         See [the reset steps](reset-password.md#reset-with-the-portal).\n\n\
         [!INCLUDE [Third-party disclaimer](../includes/third-party-disclaimer.md)]\n\n\
         [!INCLUDE [Azure Help Support](../includes/azure-help-support.md)]\n",
    );
    tree.write(
        "support/azure/reset-password.md",
        "---\ntitle: Reset the password of a VM\nms.date: 09/21/2020\nms.topic: troubleshooting\n---\n\
         ## Reset with the portal\n\nOpen the VM blade.\n",
    );
    tree.write("support/azure/media/rdp-fails/error.png", b"\x89PNG picture bytes");
    tree.write(
        "support/includes/third-party-disclaimer.md",
        "**Third-party information disclaimer**\n\nThe third-party products are made by others.\n",
    );
    tree.write(
        "support/includes/azure-help-support.md",
        "## Contact us for help\n\nAsk the community.\n",
    );
    tree
}

#[tokio::test]
async fn an_exported_tree_imports_again_unchanged_in_the_same_and_a_new_database() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let media = dir.path().join("media");
    let first = import(&db, &docs_dialect_tree(), &media).await;
    assert_eq!((first.imported, first.fragments), (2, 2), "{first:#?}");
    let picture = crate::kb::server::media::stored_name(b"\x89PNG picture bytes", "png");
    assert_eq!(
        std::fs::read(media.join(&picture)).expect("the picture is in the media store"),
        b"\x89PNG picture bytes"
    );
    let exported = Tree::new();
    crate::kb::server::export::export_tree(&db, exported.root()).await.expect("export");

    let again = import(&db, &exported, &media).await;
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 2), "{again:#?}");
    assert!(again.rejected.is_empty(), "{:?}", again.rejected);

    let other_dir = tempfile::tempdir().expect("temp");
    let other = database(other_dir.path()).await;
    import(&other, &exported, &other_dir.path().join("media")).await;
    let columns = "SELECT slug, title, summary, audience, tags, extra, body_markdown, body_html, toc, \
                   updated_at FROM articles ORDER BY slug";
    type Row = (String, String, String, String, String, String, String, String, String, i64);
    let original: Vec<Row> = sqlx::query_as(columns).fetch_all(db.pool()).await.expect("rows");
    let copy: Vec<Row> = sqlx::query_as(columns).fetch_all(other.pool()).await.expect("rows");
    assert_eq!(original, copy);

    let rdp = &original[0];
    assert!(rdp.7.contains("Contact us for help"), "includes inlined: {}", rdp.7);
    assert!(rdp.7.contains(r#"src="/media/"#), "the picture is kept: {}", rdp.7);
    assert!(rdp.7.contains(r#"href="/articles/reset-password#s-reset-with-the-portal""#));
    assert_eq!(rdp.9, 1_611_705_600_000, "ms.date 1/27/2021");
    assert!(rdp.5.contains(r#""ms.custom":"sap:Connectivity, has-adal-ref""#), "{}", rdp.5);
}

#[tokio::test]
async fn a_picture_that_links_out_of_the_tree_is_never_read() {
    let dir = tempfile::tempdir().expect("temp");
    let db = database(dir.path()).await;
    let media = dir.path().join("media");
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.png"), b"\x89PNG secret bytes").expect("write");
    let tree = Tree::new();
    tree.write(
        "leak.md",
        "---\ntitle: A leak\n---\n![a](secret.png)\n\n![b](environ.png)\n\n![c](inside.png)\n",
    );
    tree.write("pictures/inside.png", b"\x89PNG inside bytes");
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, tree.root().join(name)).expect("symlink")
    };
    link(&outside.path().join("secret.png"), "secret.png");
    link(Path::new("/proc/self/environ"), "environ.png");
    link(&tree.root().join("pictures/inside.png"), "inside.png");

    let report = import(&db, &tree, &media).await;

    assert_eq!(report.imported, 1, "{report:#?}");
    let stored: Vec<String> = std::fs::read_dir(&media)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let inside = crate::kb::server::media::stored_name(b"\x89PNG inside bytes", "png");
    assert_eq!(stored, [inside], "only the picture inside the tree is stored");
    let html: String = sqlx::query_scalar("SELECT body_html FROM articles")
        .fetch_one(db.pool())
        .await
        .expect("article");
    assert_eq!(html.matches("/media/").count(), 1, "{html}");
}
