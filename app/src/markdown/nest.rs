//! An article shown inside another page (Get help reads it in place, under
//! an `h3` card): its headings move down to fit under the card's, and its
//! ids and in-page links take the article's slug, so two articles open
//! side by side never share an id.

use super::slug::Anchors;

/// How many levels the headings move down: an article's `h2` under an `h3`.
const LEVELS_DOWN: u8 = 2;

/// Rewrites HTML rendered by this module (headings are `<hN` and `</hN>`,
/// ids and in-page links `id="s-…"` and `href="#s-…"`; text never holds
/// these since `<` and `"` are escaped in it).
pub fn nested(html: &str, slug: &str) -> String {
    let prefix = format!("{}{slug}--", Anchors::PREFIX);
    let mut html = html
        .replace(&format!("id=\"{}", Anchors::PREFIX), &format!("id=\"{prefix}"))
        .replace(&format!("href=\"#{}", Anchors::PREFIX), &format!("href=\"#{prefix}"));
    // The deepest first, so no heading is moved twice.
    for level in (1..=6u8).rev() {
        let to = (level + LEVELS_DOWN).min(6);
        html = html.replace(&format!("<h{level}"), &format!("<h{to}"));
        html = html.replace(&format!("</h{level}>"), &format!("</h{to}>"));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_move_down_and_ids_take_the_slug() {
        let html = "<h2 id=\"s-cause\">Cause<a class=\"heading-anchor\" href=\"#s-cause\">#</a></h2>\
                    <h3 id=\"s-more\">More</h3><h5>Deep</h5><p>&lt;h2 id=&quot;s-x&quot;&gt;</p>";
        assert_eq!(
            nested(html, "vpn-drops"),
            "<h4 id=\"s-vpn-drops--cause\">Cause<a class=\"heading-anchor\" href=\"#s-vpn-drops--cause\">#</a></h4>\
             <h5 id=\"s-vpn-drops--more\">More</h5><h6>Deep</h6><p>&lt;h2 id=&quot;s-x&quot;&gt;</p>"
        );
    }
}
