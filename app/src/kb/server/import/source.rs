//! Reading a tree of Markdown files: which files there are, their text,
//! and the third-party conventions turned into plain Markdown (docfx
//! `[!INCLUDE]` fragments and `:::image` directives).

use std::{
    collections::BTreeSet,
    path::{Component, Path, PathBuf},
};

/// A Markdown file of the tree, by its path relative to the root.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub relative: PathBuf,
    pub text: String,
}

/// A file that could not be read, with the line of the problem if known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub relative: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// Every `.md` file under `root`, sorted, without hidden folders or links.
pub fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0
                || !(name.starts_with('.') || name == "node_modules" || name == "target")
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md")))
        .filter_map(|entry| entry.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// Reads a file as UTF-8; invalid bytes are reported with their line.
pub fn read(root: &Path, relative: &Path) -> Result<SourceFile, Unreadable> {
    let bytes = std::fs::read(root.join(relative)).map_err(|e| Unreadable {
        relative: relative.to_path_buf(),
        line: None,
        message: format!("cannot be read: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Unreadable {
            relative: relative.to_path_buf(),
            line: Some(line),
            message: "is not UTF-8 text".into(),
        }
    })?;
    Ok(SourceFile { relative: relative.to_path_buf(), text })
}

/// The file at `relative` under `root` as it really is on disk, when it is
/// a regular file inside the tree: a symbolic link (to `/proc/self/environ`,
/// say) that leads out of the folder being imported is never read.
pub fn real_file_inside(root: &Path, relative: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    let real = root.join(relative).canonicalize().ok()?;
    (real.starts_with(&root) && real.metadata().ok()?.is_file()).then_some(real)
}

/// Joins a relative reference to the folder of `from`, staying inside the
/// tree: `None` for anything that would climb out of it.
pub fn join_inside(from: &Path, reference: &str) -> Option<PathBuf> {
    let mut path: Vec<&std::ffi::OsStr> =
        from.parent().map(|p| p.iter().collect()).unwrap_or_default();
    for component in Path::new(reference).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                path.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(path.iter().collect())
}

/// `[!INCLUDE [label](path)]` on a line of its own.
fn include_target(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("[!INCLUDE")?;
    let start = rest.find("](")? + 2;
    let end = rest[start..].find(')')? + start;
    Some(rest[start..end].trim())
}

/// The fragments other files include: they are inlined, not articles.
pub fn included_files(files: &[SourceFile]) -> BTreeSet<PathBuf> {
    files
        .iter()
        .flat_map(|file| {
            file.text
                .lines()
                .filter_map(|line| include_target(line))
                .filter_map(|target| join_inside(&file.relative, target))
        })
        .collect()
}

/// Inlines included fragments (their front matter dropped; at most three
/// levels deep) and turns `:::image ... alt-text="..." :::` into an image.
pub fn expand(
    body: &str,
    relative: &Path,
    fragments: &dyn Fn(&Path) -> Option<String>,
    depth: usize,
) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(target) = include_target(line) {
            let fragment =
                join_inside(relative, target).and_then(|path| Some((fragments(&path)?, path)));
            if let Some((text, path)) = fragment.filter(|_| depth < 3) {
                let body = super::front_matter::parse(&text)
                    .map(|doc| doc.body.to_owned())
                    .unwrap_or(text);
                out.push_str(&expand(&body, &path, fragments, depth + 1));
                out.push('\n');
            }
            continue;
        }
        if let Some(directive) = trimmed.strip_prefix(":::") {
            if directive.starts_with("image") {
                let alt = attribute(directive, "alt-text").unwrap_or_default();
                let source = attribute(directive, "source").unwrap_or_default();
                out.push_str(&format!(
                    "![{}]({})\n",
                    alt.replace(']', ")"),
                    source.replace(' ', "%20")
                ));
            }
            continue;
        }
        out.push_str(line);
    }
    out
}

fn attribute<'a>(directive: &'a str, name: &str) -> Option<&'a str> {
    let start = directive.find(&format!("{name}=\""))? + name.len() + 2;
    let end = directive[start..].find('"')? + start;
    Some(&directive[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_stay_inside_the_tree() {
        assert_eq!(join_inside(Path::new("a/b/page.md"), "../c.md"), Some(PathBuf::from("a/c.md")));
        assert_eq!(
            join_inside(Path::new("a/page.md"), "./img/x.png"),
            Some(PathBuf::from("a/img/x.png"))
        );
        assert_eq!(join_inside(Path::new("a/page.md"), "../../etc/passwd"), None);
        assert_eq!(join_inside(Path::new("page.md"), "/etc/passwd"), None);
    }

    #[test]
    fn includes_and_image_directives_become_markdown() {
        let fragments = |path: &Path| {
            (path == Path::new("includes/note.md"))
                .then(|| "---\ntitle: x\n---\nShared text.\n".to_owned())
        };
        let body = "Intro\n[!INCLUDE [note](../includes/note.md)]\n:::image type=\"content\" source=\"media/a b.png\" alt-text=\"The console\":::\n:::row:::\nEnd\n";
        let expanded = expand(body, Path::new("guide/page.md"), &fragments, 0);
        assert_eq!(expanded, "Intro\nShared text.\n\n![The console](media/a%20b.png)\nEnd\n");
    }

    #[test]
    fn included_fragments_are_recognised() {
        let files = vec![
            SourceFile {
                relative: "a/page.md".into(),
                text: "[!INCLUDE [x](../inc/frag.md)]\n".into(),
            },
            SourceFile { relative: "inc/frag.md".into(), text: "Fragment".into() },
        ];
        assert_eq!(
            included_files(&files).into_iter().collect::<Vec<_>>(),
            vec![PathBuf::from("inc/frag.md")]
        );
    }
}
