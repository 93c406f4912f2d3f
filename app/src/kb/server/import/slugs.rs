//! The slugs of an import: the front matter's, or one made from the file's
//! name; a slug given twice rejects the later file.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{
    ImportReport, Rejected,
    front_matter::{self, Document},
    metadata,
    source::SourceFile,
};
use crate::markdown::slug::is_valid_slug;

/// Gives every article its slug: the front matter's, or one from its file
/// name (from its whole path when names collide). A slug given twice
/// rejects the later file.
pub(super) fn assign(
    parsed: &mut Vec<(&SourceFile, Document<'_>)>,
    report: &mut ImportReport,
) -> HashMap<PathBuf, String> {
    let mut derived_count: HashMap<String, usize> = HashMap::new();
    for (file, document) in parsed.iter() {
        if document.front.slug.is_none() {
            *derived_count.entry(metadata::derived_slug(&file.relative)).or_default() += 1;
        }
    }
    let mut taken = HashSet::new();
    let mut slugs = HashMap::new();
    parsed.retain(|(file, document)| {
        let slug = match &document.front.slug {
            Some(slug) if !is_valid_slug(slug) => {
                report.rejected.push(Rejected {
                    path: file.relative.clone(),
                    line: Some(front_matter::field_line_in_file(&file.text, "slug")),
                    message: format!("slug {slug:?} must be 1 to 100 of a-z, 0-9 and -"),
                });
                return false;
            }
            Some(slug) => slug.clone(),
            None => {
                let derived = metadata::derived_slug(&file.relative);
                if derived_count[&derived] > 1 {
                    metadata::path_slug(&file.relative)
                } else {
                    derived
                }
            }
        };
        let mut unique = slug.clone();
        let mut n = 2;
        while !taken.insert(unique.clone()) {
            if document.front.slug.is_some() {
                report.rejected.push(Rejected {
                    path: file.relative.clone(),
                    line: Some(front_matter::field_line_in_file(&file.text, "slug")),
                    message: format!(
                        "slug {slug:?} is already used by another file of this import"
                    ),
                });
                return false;
            }
            unique = format!("{slug}-{n}");
            n += 1;
        }
        slugs.insert(file.relative.clone(), unique);
        true
    });
    slugs
}
