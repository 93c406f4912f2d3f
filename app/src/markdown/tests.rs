use super::*;

/// Resolves `other.md` to an article and `pic.png` to a stored image.
struct TestResolver;

impl Resolve for TestResolver {
    fn link(&self, destination: &str) -> Option<(String, Option<String>)> {
        match destination {
            "other.md" | "../guides/other.md#step-2" => {
                Some(("/articles/other".into(), Some("other".into())))
            }
            d if is_web_link(d) => Some((d.into(), None)),
            _ => None,
        }
    }

    fn image(&self, source: &str) -> Option<String> {
        (source == "pic.png").then(|| "/media/abc.png".into())
    }
}

fn html(markdown: &str) -> String {
    render(markdown, &TestResolver).html
}

#[test]
fn a_leading_title_is_taken_out_and_headings_get_anchors_and_a_toc() {
    let rendered = render(
        "# Mail stuck\n\nIntro text.\n\n## Symptoms\n\n### Error 550 5.7.1\n\n## Symptoms\n",
        &TestResolver,
    );
    assert_eq!(rendered.first_heading.as_deref(), Some("Mail stuck"));
    assert_eq!(rendered.first_paragraph.as_deref(), Some("Intro text."));
    assert!(!rendered.html.contains("<h1"), "{}", rendered.html);
    assert!(
        rendered.html.contains(
            r##"<h2 id="s-symptoms">Symptoms<a class="heading-anchor" href="#s-symptoms""##
        ),
        "{}",
        rendered.html
    );
    let ids: Vec<&str> = rendered.toc.iter().map(|entry| entry.id.as_str()).collect();
    assert_eq!(ids, ["s-symptoms", "s-error-550-5-7-1", "s-symptoms-2"]);
    assert_eq!(rendered.toc[1].level, 3);
    assert!(
        rendered.headings.contains("Mail stuck") && rendered.headings.contains("Error 550 5.7.1")
    );
}

#[test]
fn tables_footnotes_tasks_and_strikethrough_render() {
    let out = html(
        "| a | b |\n|:-:|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n\n- [x] done\n- [ ] todo\n\n~~old~~\n",
    );
    assert!(out.contains("<table>"), "{out}");
    assert!(out.contains(r#"<th style="text-align:center">a</th>"#), "{out}");
    assert!(out.contains(r##"href="#s-fn-1""##), "{out}");
    assert!(out.contains(r#"id="s-fn-1""#), "{out}");
    assert!(out.contains(r#"<input disabled="" type="checkbox" checked="">"#), "{out}");
    assert!(out.contains(r#"<input disabled="" type="checkbox">"#), "{out}");
    assert!(out.contains("<del>old</del>"), "{out}");
}

#[test]
fn code_is_highlighted_and_indexed() {
    let rendered = render("```powershell\nGet-Service -Name Postwick\n```\n", &TestResolver);
    assert!(rendered.html.contains(r#"<code class="language-powershell">"#), "{}", rendered.html);
    assert!(rendered.html.contains("hl-"), "{}", rendered.html);
    assert!(rendered.text.contains("Get-Service -Name Postwick"));
}

#[test]
fn links_between_articles_are_resolved_and_recorded() {
    let rendered = render(
        "See [the queue guide](other.md), [step two](../guides/other.md#step-2), [web](https://example.com) and [gone](missing.md).",
        &TestResolver,
    );
    assert!(
        rendered
            .html
            .contains(r#"<a href="/articles/other" rel="noopener noreferrer">the queue guide</a>"#),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains(r#"href="https://example.com""#));
    assert!(
        rendered.html.contains("and gone."),
        "an unresolved link keeps its words: {}",
        rendered.html
    );
    assert_eq!(
        rendered.links,
        vec![
            ArticleLink { slug: "other".into(), text: "the queue guide".into() },
            ArticleLink { slug: "other".into(), text: "step two".into() },
        ]
    );
}

#[test]
fn images_resolve_or_fall_back_to_their_description() {
    let out = html("![Queue view](pic.png) ![The missing chart](chart.png)");
    assert!(out.contains(r#"<img src="/media/abc.png" alt="Queue view">"#), "{out}");
    assert!(out.contains(r#"<span class="missing-image">[The missing chart]</span>"#), "{out}");
}

#[test]
fn alerts_render_as_labelled_blockquotes() {
    let out = html("> [!WARNING]\n> Back up first.\n");
    assert!(out.contains(r#"<blockquote class="markdown-alert-warning">"#), "{out}");
    assert!(out.contains("Back up first."));
}

#[test]
fn nothing_executable_survives_from_any_article() {
    let hostile = concat!(
        "<script>alert(1)</script>\n\n",
        "<img src=x onerror=\"alert(2)\">\n\n",
        "[click](javascript:alert(3))\n\n",
        "<a href=\"javascript:alert(4)\">x</a>\n\n",
        "<div onmouseover=\"alert(5)\" id=\"main\">hover</div>\n\n",
        "![x](javascript:alert(6))\n\n",
        "<iframe src=\"https://evil.example\"></iframe>\n\n",
        "[data](data:text/html;base64,PHNjcmlwdD4=)\n",
    );
    let out = render(hostile, &WebLinksOnly).html;
    for banned in [
        "<script",
        "onerror",
        "javascript:",
        "onmouseover",
        "id=\"main\"",
        "<iframe",
        "data:text",
        "alert(",
    ] {
        assert!(!out.contains(banned), "{banned} survived:\n{out}");
    }
}

#[test]
fn rendering_is_stable() {
    let source = "# T\n\nIntro.\n\n## Cause\n\nThe `queue` *stalls*.\n";
    assert_eq!(render(source, &TestResolver), render(source, &TestResolver));
    assert_eq!(
        render(source, &TestResolver).html,
        "<p>Intro.</p>\n<h2 id=\"s-cause\">Cause<a class=\"heading-anchor\" href=\"#s-cause\" rel=\"noopener noreferrer\">#<span class=\"visually-hidden\"> Link to the section Cause</span></a></h2>\n<p>The <code>queue</code> <em>stalls</em>.</p>\n"
    );
}

#[test]
fn blocks_stay_apart_in_the_plain_text() {
    let rendered = render(
        "## Symptoms\n\n- VPN › Status shows *down*\n- The tunnel drops.\n\n| Log | Meaning |\n| --- | --- |\n| E42 | timeout |\n\nThe gateway log says so.",
        &TestResolver,
    );
    let words: Vec<&str> = rendered.text.split_whitespace().collect();
    for word in ["Symptoms", "down", "drops.", "Log", "Meaning", "E42", "timeout", "The"] {
        assert!(words.contains(&word), "{word:?} stands alone in {:?}", rendered.text);
    }
}
