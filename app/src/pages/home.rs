use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <Meta
            name="description"
            content="Selfdesk: find answers in the knowledge base, open and follow support cases, and see your support plan."
        />
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">"How can we help?"</h1>
            <p class="lead">
                "Selfdesk is the support portal for your software: answers first, "
                "and a case with everything an engineer needs when an answer is not enough."
            </p>
            <form action="/search" method="get" role="search" aria-label="Search articles" class="hero-search">
                <label for="home-search">"Describe the problem, or paste the error message or code"</label>
                <div class="hero-search-row">
                    <input id="home-search" name="q" type="search" placeholder="e.g. mail stays in the queue, 0x80070005, 550 5.7.1" />
                    <button type="submit" class="button">"Search"</button>
                </div>
            </form>
            <p><a href="/search">"Browse all articles"</a></p>
        </section>
        <section aria-labelledby="what-title">
            <h2 id="what-title">"What you can do here"</h2>
            <ul class="cards">
                <li class="card">
                    <h3>"Find an answer"</h3>
                    <p>"Describe the problem in your own words, paste an error message or code, and read the articles that solve it."</p>
                </li>
                <li class="card">
                    <h3>"Open a case"</h3>
                    <p>"When no article helps, file a case that carries the logs, reports and steps an engineer needs."</p>
                </li>
                <li class="card">
                    <h3>"Know your plan"</h3>
                    <p>"See your organisation's support plans, entitlements and points, and what each point was spent on."</p>
                </li>
            </ul>
        </section>
    }
}
