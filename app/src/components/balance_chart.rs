//! The balance over time as a step chart (SVG, drawn on the server). The
//! ledger table beside it carries the same figures for screen readers.

use leptos::prelude::*;

use crate::format;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 12.0;

/// `points` are (instant, balance after) in time order; the line runs on to `as_of`.
#[component]
pub fn BalanceChart(points: Vec<(i64, i64)>, as_of: i64) -> impl IntoView {
    let &(first, _) = points.first()?;
    let last = as_of.max(first + 1);
    let highest = points.iter().map(|&(_, b)| b).max().unwrap_or(0).max(1);
    let x = |at: i64| LEFT + (at - first) as f64 / (last - first) as f64 * (WIDTH - LEFT - 8.0);
    let y = |balance: i64| TOP + (1.0 - balance as f64 / highest as f64) * (HEIGHT - TOP - BOTTOM);
    let mut path = String::new();
    let mut previous: Option<i64> = None;
    for &(at, balance) in &points {
        match previous {
            None => path.push_str(&format!("M{:.1},{:.1}", x(at), y(balance))),
            Some(_) => path.push_str(&format!(" H{:.1} V{:.1}", x(at), y(balance))),
        }
        previous = Some(balance);
    }
    path.push_str(&format!(" H{:.1}", x(last)));
    let current = points.last().map(|&(_, b)| b).unwrap_or(0);
    let description = format!(
        "From {} to {}, the balance went from {} to {} points; the highest was {}.",
        format::date(first),
        format::date(last),
        points[0].1,
        current,
        highest
    );
    let baseline = HEIGHT - BOTTOM;
    Some(view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="balance-chart-title"
            >
                <title id="balance-chart-title">"Balance over time"</title>
                <line class="axis" x1=LEFT y1=TOP x2=LEFT y2=baseline />
                <line class="axis" x1=LEFT y1=baseline x2=WIDTH - 8.0 y2=baseline />
                <text x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end">{highest}</text>
                <text x=LEFT - 6.0 y=baseline text-anchor="end">"0"</text>
                <text x=LEFT y=HEIGHT - 6.0>{format::date(first)}</text>
                <text x=WIDTH - 8.0 y=HEIGHT - 6.0 text-anchor="end">{format::date(last)}</text>
                <path class="line" d=path />
            </svg>
            <figcaption>{description}</figcaption>
        </figure>
    })
}
