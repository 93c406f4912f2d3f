//! The balance over time as a step chart (SVG, drawn on the server). The
//! ledger table beside it carries the same figures for screen readers.

use leptos::prelude::*;

use crate::format;

// Whole numbers, and coordinates worked out in tenths with integers: the
// customers' bundle then carries no floating-point formatting.
const WIDTH: i64 = 640;
const HEIGHT: i64 = 200;
const LEFT: i64 = 48;
const BOTTOM: i64 = 24;
const TOP: i64 = 12;

/// `points` are (instant, balance after) in time order; the line runs on to `as_of`.
#[component]
pub fn BalanceChart(points: Vec<(i64, i64)>, as_of: i64) -> impl IntoView {
    let &(first, _) = points.first()?;
    let last = as_of.max(first + 1);
    let highest = points.iter().map(|&(_, b)| b).max().unwrap_or(0).max(1);
    let x = |at: i64| {
        let across =
            i128::from(at - first) * i128::from((WIDTH - LEFT - 8) * 10) / i128::from(last - first);
        format::tenths(LEFT * 10 + across as i64)
    };
    let y = |balance: i64| {
        let down = i128::from(highest - balance) * i128::from((HEIGHT - TOP - BOTTOM) * 10)
            / i128::from(highest);
        format::tenths(TOP * 10 + down as i64)
    };
    let mut path = String::new();
    let mut previous: Option<i64> = None;
    for &(at, balance) in &points {
        match previous {
            None => path.push_str(&format!("M{},{}", x(at), y(balance))),
            Some(_) => path.push_str(&format!(" H{} V{}", x(at), y(balance))),
        }
        previous = Some(balance);
    }
    path.push_str(&format!(" H{}", x(last)));
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
                <line class="axis" x1=LEFT y1=baseline x2=WIDTH - 8 y2=baseline />
                <text x=LEFT - 6 y=TOP + 4 text-anchor="end">{highest}</text>
                <text x=LEFT - 6 y=baseline text-anchor="end">"0"</text>
                <text x=LEFT y=HEIGHT - 6>{format::date(first)}</text>
                <text x=WIDTH - 8 y=HEIGHT - 6 text-anchor="end">{format::date(last)}</text>
                <path class="line" d=path />
            </svg>
            <figcaption>{description}</figcaption>
        </figure>
    })
}
