//! Where an imported article's links and images point: other articles of
//! the tree become `/articles/{slug}`; images inside the tree are given the
//! media address of the digest of their bytes, and listed for the import to
//! store.

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
    sync::Mutex,
};

use super::source::join_inside;
use crate::{
    kb::server::media,
    markdown::{Resolve, SiteLinks, anchor, is_web_link},
};

pub struct TreeResolver<'a> {
    pub root: &'a Path,
    /// Pictures of the whole tree to store: stored name to file.
    pub pictures: &'a Mutex<BTreeMap<String, PathBuf>>,
    /// The article being rendered, relative to the root.
    pub current: &'a Path,
    /// Every article of the tree: relative path to slug.
    pub slugs: &'a HashMap<PathBuf, String>,
    /// Images copied so far: their source as written, and their address.
    pub copied: Mutex<Vec<(String, String)>>,
}

impl TreeResolver<'_> {
    /// The Markdown with the copied images' sources replaced by their
    /// media addresses, so that the stored text no longer depends on the
    /// tree's files: exported and imported again, it renders the same.
    pub fn with_media_addresses(&self, markdown: &str) -> String {
        let copied = self.copied.lock().unwrap_or_else(|p| p.into_inner());
        let mut text = markdown.to_owned();
        for (source, address) in copied.iter() {
            // Inline images `](source)` or `](source "title")`, and
            // reference definitions `]: source`.
            for (before, after) in [("](", ")"), ("](", " "), ("]: ", "\n"), ("]: ", " ")] {
                text = text.replace(
                    &format!("{before}{source}{after}"),
                    &format!("{before}{address}{after}"),
                );
            }
        }
        text
    }
}

impl Resolve for TreeResolver<'_> {
    fn link(&self, destination: &str) -> Option<(String, Option<String>)> {
        if destination.starts_with('#')
            || destination.starts_with("/articles/")
            || is_web_link(destination)
        {
            return SiteLinks.link(destination);
        }
        let (path, fragment) = destination.split_once('#').unwrap_or((destination, ""));
        let path = path.split('?').next().unwrap_or_default();
        if !path.to_ascii_lowercase().ends_with(".md") {
            return None;
        }
        let target = join_inside(self.current, path)?;
        let slug = self.slugs.get(&target)?;
        Some((format!("{}{}", crate::kb::article_url(slug), anchor(fragment)), Some(slug.clone())))
    }

    fn image(&self, source: &str) -> Option<String> {
        if source.starts_with("/media/") {
            return SiteLinks.image(source);
        }
        let path = join_inside(self.current, source.split(['?', '#']).next()?)?;
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        if !media::media_type(&extension).is_some_and(|(_, picture)| picture) {
            return None;
        }
        let full = super::source::real_file_inside(self.root, &path)?;
        if std::fs::metadata(&full).ok()?.len() > media::MAX_MEDIA_BYTES as u64 {
            return None;
        }
        let bytes = std::fs::read(&full).ok()?;
        let name = media::stored_name(&bytes, &extension);
        let address = media::url(&name);
        self.pictures.lock().unwrap_or_else(|p| p.into_inner()).insert(name, full);
        self.copied
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((source.to_owned(), address.clone()));
        Some(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_articles_of_the_tree_become_article_addresses() {
        let slugs = HashMap::from([(PathBuf::from("mail/queue.md"), "mail-queue".to_owned())]);
        let root = tempfile::tempdir().expect("temp");
        let pictures = Mutex::default();
        let resolver = TreeResolver {
            root: root.path(),
            pictures: &pictures,
            current: Path::new("agent/setup.md"),
            slugs: &slugs,
            copied: Mutex::default(),
        };

        assert_eq!(
            resolver.link("../mail/queue.md#Step 2"),
            Some(("/articles/mail-queue#s-step-2".into(), Some("mail-queue".into())))
        );
        assert_eq!(resolver.link("#Cause"), Some(("#s-cause".into(), None)));
        assert_eq!(
            resolver.link("https://example.com/x.md"),
            Some(("https://example.com/x.md".into(), None))
        );
        assert_eq!(resolver.link("../mail/missing.md"), None);
        assert_eq!(resolver.link("/windows/client.md"), None);
        assert_eq!(resolver.link("../../../etc/passwd.md"), None);
    }

    #[test]
    fn images_are_listed_under_their_digest_and_others_refused() {
        let root = tempfile::tempdir().expect("temp");
        let pictures = Mutex::default();
        std::fs::create_dir_all(root.path().join("guide/img")).expect("mkdir");
        std::fs::write(root.path().join("guide/img/shot.png"), b"png bytes").expect("write");
        std::fs::write(root.path().join("guide/img/logo.svg"), b"<svg onload=alert(1)>")
            .expect("write");
        let slugs = HashMap::new();
        let resolver = TreeResolver {
            root: root.path(),
            pictures: &pictures,
            current: Path::new("guide/page.md"),
            slugs: &slugs,
            copied: Mutex::default(),
        };

        let url = resolver.image("img/shot.png").expect("listed");
        assert_eq!(url, media::url(&media::stored_name(b"png bytes", "png")));
        assert_eq!(
            pictures.lock().expect("lock").clone(),
            BTreeMap::from([(
                url.trim_start_matches("/media/").to_owned(),
                root.path().join("guide/img/shot.png")
            )])
        );
        assert_eq!(resolver.image("img/logo.svg"), None);
        assert_eq!(resolver.image("img/missing.png"), None);
        assert_eq!(resolver.image("../../outside.png"), None);
        assert_eq!(pictures.lock().expect("lock").len(), 1, "only the picture is listed");
        let markdown =
            "![Shot](img/shot.png \"The shot\")\n![Logo](img/logo.svg)\n\n[s]: img/shot.png\n";
        assert_eq!(
            resolver.with_media_addresses(markdown),
            format!("![Shot]({url} \"The shot\")\n![Logo](img/logo.svg)\n\n[s]: {url}\n")
        );
    }
}
