//! An article: its table of contents, its body, related articles, and
//! "Was this helpful?".

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    accounts::Role,
    accounts::pages::signed_in::Auth,
    auth::csrf::CsrfField,
    format::date,
    kb::{
        Arrival, Article, Helpful,
        api::{SendFeedback, get_article},
        article_url,
    },
    ui::feedback::{FormError, Loaded},
};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let request = Memo::new(move |_| {
        let slug = params.with(|p| p.get("slug").unwrap_or_default());
        // `s` and `p`: the search and the hit's position; `q`: the text a
        // suggestion was picked for.
        let arrival = query.with(|q| Arrival {
            search_id: q.get("s").and_then(|v| v.parse().ok()),
            position: q.get("p").and_then(|v| v.parse().ok()),
            suggested_for: q.get("q"),
        });
        (slug, arrival)
    });
    let article =
        Resource::new(move || request.get(), |(slug, arrival)| get_article(slug, arrival, false));
    view! {
        <Loaded resource=article show=move |article| view! { <ArticleView article /> } loading="Loading the article…" />
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let products = article
        .products
        .iter()
        .map(|p| {
            if p.versions.is_empty() {
                p.name.clone()
            } else {
                format!("{} {}", p.name, p.versions.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let facts = [
        (!products.is_empty()).then_some(("Applies to", products)),
        (!article.category.is_empty()).then(|| ("Category", article.category.clone())),
        (article.updated_at > 0).then(|| ("Updated", date(article.updated_at))),
    ]
    .into_iter()
    .flatten()
    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
    .collect_view();
    let toc = (!article.toc.is_empty()).then(|| {
        let entries = article
            .toc
            .iter()
            .map(|entry| {
                view! {
                    <li class=format!("toc-level-{}", entry.level)>
                        <a href=format!("#{}", entry.id) target="_self">{entry.text.clone()}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title">"On this page"</h2>
                <ol>{entries}</ol>
            </nav>
        }
    });
    let related = (!article.related.is_empty()).then(|| {
        let items = article
            .related
            .iter()
            .map(|card| view! { <li><a href=article_url(&card.slug)>{card.title.clone()}</a></li> })
            .collect_view();
        view! {
            <section class="related" aria-labelledby="related-title">
                <h2 id="related-title">"Related articles"</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    view! {
        <Title text=article.title.clone() />
        <Meta name="description" content=article.summary.clone() />
        <article class="article" aria-labelledby="article-title">
            <header class="article-header">
                <h1 id="article-title">{article.title.clone()}</h1>
                <p class="lead">{article.summary.clone()}</p>
                <dl class="facts">{facts}</dl>
                <WriterLinks slug=article.slug.clone() />
            </header>
            <div class="article-layout">
                {toc}
                <div class="article-body" inner_html=article.html.clone()></div>
            </div>
        </article>
        {related}
        <Helpful slug=article.slug.clone() />
    }
}

/// Writers and admins: edit the article, or see its history.
#[component]
fn WriterLinks(slug: String) -> impl IntoView {
    let auth = Auth::get();
    view! {
        <Transition fallback=|| ()>
            {
                let slug = slug.clone();
                move || {
                    let slug = slug.clone();
                    Suspend::new(async move {
                        let writes = auth.user.await.ok().flatten().is_some_and(|user| {
                            matches!(user.role, Role::Writer | Role::Admin)
                        });
                        writes.then(|| view! {
                            <p class="inline-list">
                                <a href=format!("/write/{slug}")>"Edit this article"</a>
                                " · "
                                <a href=format!("/write/{slug}/history")>"History"</a>
                            </p>
                        })
                    })
                }
            }
        </Transition>
    }
}

#[component]
fn Helpful(slug: String) -> impl IntoView {
    let send = ServerAction::<SendFeedback>::new();
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    view! {
        <section class="helpful" aria-labelledby="helpful-title">
            <h2 id="helpful-title">"Was this helpful?"</h2>
            <Show when=sent fallback=move || view! { <HelpfulForm slug=slug.clone() send /> }>
                <p role="status" class="form-success">"Thank you: your answer helps us improve this article."</p>
            </Show>
        </section>
    }
}

#[component]
fn HelpfulForm(slug: String, send: ServerAction<SendFeedback>) -> impl IntoView {
    view! {
        <ActionForm action=send>
            <CsrfField />
            <input type="hidden" name="feedback[slug]" value=slug />
            <FormError result=send.value().into() />
            <fieldset class="choice">
                <legend class="visually-hidden">"Was this article helpful?"</legend>
                <label><input type="radio" name="feedback[helpful]" value=Helpful::Yes.as_str() required />"Yes"</label>
                <label><input type="radio" name="feedback[helpful]" value=Helpful::No.as_str() />"No"</label>
            </fieldset>
            <div class="field">
                <label for="helpful-comment">"What was missing or wrong? (optional)"</label>
                <textarea id="helpful-comment" name="feedback[comment]" rows="3" maxlength="2000"></textarea>
            </div>
            <button type="submit" class="button">"Send"</button>
        </ActionForm>
    }
}
