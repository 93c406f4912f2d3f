//! Horizontal bar charts (SVG, drawn on the server). Each chart comes with
//! a table of the same figures, so the picture is for the eye and the
//! table for everyone; the chart's caption says what it shows.

use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 200.0;
const BAR_HEIGHT: f64 = 22.0;
const GAP: f64 = 8.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    /// What is written at the bar's end ("92 %", "14").
    pub text: String,
}

/// `max` is the value a full-width bar stands for (100 for percentages).
#[component]
pub fn BarChart(id: &'static str, title: String, bars: Vec<Bar>, max: i64) -> impl IntoView {
    let height = bars.len() as f64 * (BAR_HEIGHT + GAP) + GAP;
    let span = WIDTH - LABEL_WIDTH - 56.0;
    let scale = max.max(1) as f64;
    let title_id = format!("{id}-title");
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(index, bar)| {
            let y = GAP + index as f64 * (BAR_HEIGHT + GAP);
            let width = (bar.value.max(0) as f64 / scale * span).min(span);
            view! {
                <text x=LABEL_WIDTH - 8.0 y=y + BAR_HEIGHT * 0.7 text-anchor="end">{bar.label}</text>
                <rect class="bar" x=LABEL_WIDTH y=y width=format!("{width:.1}") height=BAR_HEIGHT />
                <text x=LABEL_WIDTH + width + 6.0 y=y + BAR_HEIGHT * 0.7>{bar.text}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=title_id.clone()>
                {rows}
            </svg>
            <figcaption id=title_id>{title}</figcaption>
        </figure>
    }
}
