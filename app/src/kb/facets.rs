//! The facets of a search: the fields results are narrowed by and counted
//! on. Each facet is one variant of [`Facet`]; every place that handles
//! them (the index field, the filter, the counts, the cache key, the page's
//! links) matches on it, so a new facet is one variant and the compiler
//! lists what it needs.

use serde::{Deserialize, Serialize};

use crate::words::word_enum;

word_enum!(
    /// A field the results can be narrowed by, and counted on. Its word is
    /// the query parameter and the index field.
    Facet, "filter" {
        Product = "product", "Product";
        Category = "category", "Category";
        Tag = "tag", "Tag";
    }
);

/// The value chosen for each facet: what narrows a search. Empty values
/// are no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default)]
    product: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    tag: Option<String>,
}

impl Filters {
    fn slot(&self, facet: Facet) -> &Option<String> {
        match facet {
            Facet::Product => &self.product,
            Facet::Category => &self.category,
            Facet::Tag => &self.tag,
        }
    }

    fn slot_mut(&mut self, facet: Facet) -> &mut Option<String> {
        match facet {
            Facet::Product => &mut self.product,
            Facet::Category => &mut self.category,
            Facet::Tag => &mut self.tag,
        }
    }

    /// The chosen value, trimmed; `None` when none is.
    pub fn get(&self, facet: Facet) -> Option<&str> {
        self.slot(facet).as_deref().map(str::trim).filter(|value| !value.is_empty())
    }

    /// Chooses `value` for `facet`, or no value.
    pub fn set(&mut self, facet: Facet, value: Option<String>) {
        *self.slot_mut(facet) =
            value.map(|v| v.trim().to_owned()).filter(|value| !value.is_empty());
    }

    /// These filters with one more (or one fewer) value.
    pub fn with(mut self, facet: Facet, value: Option<String>) -> Self {
        self.set(facet, value);
        self
    }

    /// Every chosen filter, in the facets' order.
    pub fn chosen(&self) -> impl Iterator<Item = (Facet, &str)> {
        Facet::ALL.iter().filter_map(|facet| self.get(*facet).map(|value| (*facet, value)))
    }
}

/// How many hits each value of each facet would give, most first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Facets {
    pub products: Vec<(String, u64)>,
    pub categories: Vec<(String, u64)>,
    pub tags: Vec<(String, u64)>,
}

impl Facets {
    pub fn get(&self, facet: Facet) -> &[(String, u64)] {
        match facet {
            Facet::Product => &self.products,
            Facet::Category => &self.categories,
            Facet::Tag => &self.tags,
        }
    }

    pub fn set(&mut self, facet: Facet, counts: Vec<(String, u64)>) {
        let slot = match facet {
            Facet::Product => &mut self.products,
            Facet::Category => &mut self.categories,
            Facet::Tag => &mut self.tags,
        };
        *slot = counts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_facet_has_its_own_filter_and_counts() {
        let mut filters = Filters::default();
        let mut facets = Facets::default();
        for (n, facet) in Facet::ALL.iter().enumerate() {
            filters.set(*facet, Some(format!(" {} ", facet.as_str())));
            facets.set(*facet, vec![(facet.as_str().to_owned(), n as u64)]);
        }
        for (n, facet) in Facet::ALL.iter().enumerate() {
            assert_eq!(filters.get(*facet), Some(facet.as_str()));
            assert_eq!(facets.get(*facet), &[(facet.as_str().to_owned(), n as u64)]);
        }
        assert_eq!(filters.chosen().count(), Facet::ALL.len());
        let cleared = filters.with(Facet::Tag, Some("  ".into()));
        assert_eq!(cleared.get(Facet::Tag), None, "a blank value is no filter");
        assert_eq!("Category".parse::<Facet>().ok(), Some(Facet::Category));
        assert!("colour".parse::<Facet>().is_err(), "no fallback to another facet");
    }
}
