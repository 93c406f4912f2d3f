//! The new text of a reply: what the sender wrote, without the quoted
//! history (above or below the reply, or between its lines), the mail
//! client's or phone's signature line, a `-- ` signature, or a sign-off
//! under the text. The case's timeline already holds the history; the
//! message as received is kept beside it.
//!
//! The line shapes are those of the common clients and languages (see
//! `replies/`, the set this is measured against). Text that is the reply
//! itself is never cut: a line is only history when its shape says so.

use super::quote_shapes::{
    ATTRIBUTION_LEADS, ATTRIBUTION_VERBS, CLIENT_SIGNATURES, CLOSINGS, FROM_FIELDS, HEADER_FIELDS,
    ORIGINAL_MESSAGE,
};

/// How many lines a quote header may be wrapped over.
const MAX_HEADER_LINES: usize = 3;

/// The text the sender wrote. `sender_name` (the `From:` display name)
/// lets a sign-off that is only the sender's name be recognised.
pub fn new_text(body: &str, sender_name: Option<&str>) -> String {
    let lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut in_signature = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_forward_marker(line) {
            // What a customer forwards is evidence: all of it stays.
            kept.extend(&lines[i..]);
            break;
        }
        if is_quoted(line) {
            in_signature = false;
            i += 1;
            continue;
        }
        if starts_header_block(&lines, i) {
            break;
        }
        if let Some((length, strong)) = attribution_at(&lines, i) {
            match next_text_line(&lines, i + length) {
                // The quote follows: the reply may go on below or between it.
                Some(next) if is_quoted(lines[next]) => {
                    in_signature = false;
                    i += length;
                    continue;
                }
                // The history follows unquoted: nothing after it is new.
                _ if strong => break,
                _ => {}
            }
        }
        if is_signature_delimiter(line) {
            in_signature = true;
        } else if !in_signature && !is_client_signature(line) {
            kept.push(line);
        }
        i += 1;
    }
    strip_sign_off(&mut kept, sender_name);
    join_paragraphs(&kept)
}

fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

fn next_text_line(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !lines[j].trim().is_empty())
}

/// `---------- Forwarded message ---------` and its kin.
fn is_forward_marker(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    lower.starts_with("---")
        && (lower.contains("forwarded message") || lower.contains("weitergeleitete nachricht"))
}

/// The signature delimiter (RFC 3676 `-- `, the bare `--` many clients
/// leave after trimming, and the dash some put above a signature).
fn is_signature_delimiter(line: &str) -> bool {
    matches!(line.trim_end(), "--" | "—" | "–" | "__")
}

/// "Sent from my iPhone", "Get Outlook for iOS", "iPhoneから送信", ...
fn is_client_signature(line: &str) -> bool {
    let line = line.trim();
    let lower = line.to_lowercase();
    line.chars().count() <= 80
        && CLIENT_SIGNATURES.iter().any(|(start, end)| {
            lower.starts_with(start) && (end.is_empty() || lower.ends_with(end))
        })
}

/// An Outlook-style start of the quoted message: `-----Original
/// Message-----` (in any of its languages), a rule of underscores or
/// dashes followed by a header, or a `From:` header followed by another
/// header field (or naming an address).
fn starts_header_block(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let lower = line.to_lowercase();
    let dashes = lower.trim_matches(|c| c == '-' || c == ' ');
    if lower.starts_with("--") && ORIGINAL_MESSAGE.contains(&dashes) {
        return true;
    }
    let is_rule = line.chars().count() >= 10 && line.chars().all(|c| c == '_' || c == '-');
    if is_rule {
        let next = next_text_line(lines, i + 1);
        return line.starts_with("______________________________")
            || next.is_some_and(|next| {
                header_field(lines[next]).is_some_and(|(name, _)| is_from_field(name))
            });
    }
    let Some((name, value)) = header_field(line) else { return false };
    if !is_from_field(name) {
        return false;
    }
    let names_address = value.contains('@') && (value.contains('<') || value.contains("mailto:"))
        || value.split_whitespace().count() == 1 && value.contains('@');
    let more_fields = lines[i + 1..]
        .iter()
        .take(4)
        .filter_map(|next| header_field(next))
        .any(|(next_name, _)| HEADER_FIELDS.contains(&next_name.to_lowercase().as_str()));
    names_address || more_fields
}

fn is_from_field(name: &str) -> bool {
    FROM_FIELDS.contains(&name.to_lowercase().as_str())
}

/// A header line's field name and value: `From: x`, `*From:* x`, `De : x`.
fn header_field(line: &str) -> Option<(&str, &str)> {
    let line = line.trim().trim_start_matches('*');
    let (name, value) = line.split_once(':')?;
    let name = name.trim_end_matches('*').trim_end();
    let value = value.trim_start_matches('*').trim();
    let plausible = !name.is_empty()
        && name.chars().count() <= 20
        && name.split_whitespace().count() <= 3
        && !value.is_empty();
    plausible.then_some((name, value))
}

/// A quote header starting at line `i` (`On ... wrote:`, `Am ... schrieb
/// ...:`, `2026/12/01 9:12、... のメール:`, ...), wrapped over up to three
/// lines: how many lines it takes, and whether it is unmistakable (it
/// names an address or begins as such headers begin). A weak one counts
/// only when the quote follows it.
fn attribution_at(lines: &[&str], i: usize) -> Option<(usize, bool)> {
    let first = lines[i].trim();
    let strong_start = starts_like_attribution(first) || first.contains('@');
    // Yahoo puts the quoted text on the header's own line.
    if strong_start && first.starts_with("On ") && first.contains(" wrote:") && first.contains('@')
    {
        return Some((1, true));
    }
    let mut joined = String::new();
    for length in 1..=MAX_HEADER_LINES {
        let line = lines.get(i + length - 1)?.trim();
        if line.is_empty() || (length > 1 && is_quoted(line)) {
            return None;
        }
        if length > 1 {
            if !strong_start {
                return None;
            }
            joined.push(' ');
        }
        joined.push_str(line);
        if joined.chars().count() > 400 {
            return None;
        }
        if is_attribution(&joined) {
            return Some((length, strong_start));
        }
    }
    None
}

/// Ends as a quote header ends: a verb of writing and a colon, or an
/// address and a colon (`... <support@example.com>:`); Zoho wraps it in
/// dashes without the colon.
fn is_attribution(text: &str) -> bool {
    let wrapped_in_dashes = text.starts_with("--") && text.ends_with("--");
    let text = text.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let lower = text.to_lowercase();
    let Some(before_colon) = lower.strip_suffix(':').or_else(|| lower.strip_suffix('：')) else {
        return wrapped_in_dashes && ends_with_verb(&lower);
    };
    let before_colon = before_colon.trim_end();
    ends_with_verb(before_colon)
        || ATTRIBUTION_VERBS.iter().any(|verb| before_colon.contains(&format!(" {verb} ")))
        || (before_colon.contains('@')
            && (before_colon.ends_with('>') || before_colon.ends_with(']')))
}

fn ends_with_verb(text: &str) -> bool {
    ATTRIBUTION_VERBS.iter().any(|verb| text.ends_with(verb))
}

/// `On`, `Le`, `Am`, `W dniu`, a date, Mutt's `* `, `在` ...
fn starts_like_attribution(line: &str) -> bool {
    let line = line.trim_start_matches(['-', ' ']);
    line.starts_with(|c: char| c.is_ascii_digit())
        || line.starts_with("* ")
        || line.starts_with('在')
        || ATTRIBUTION_LEADS
            .iter()
            .any(|lead| line.strip_prefix(lead).is_some_and(|rest| rest.starts_with(' ')))
}

/// Cuts a sign-off under the text: a closing ("Thanks,", "Mit
/// freundlichen Grüßen") with a name or two under it, or the sender's
/// name alone. Never when nothing else was written.
fn strip_sign_off(kept: &mut Vec<&str>, sender_name: Option<&str>) {
    while kept.last().is_some_and(|line| line.trim().is_empty()) {
        kept.pop();
    }
    let end = kept.len();
    let block_start = kept.iter().rposition(|line| line.trim().is_empty()).map_or(0, |i| i + 1);
    let block = &kept[block_start..end];
    let text_before = kept[..block_start].iter().any(|line| !line.trim().is_empty());
    // A closing, then up to two short lines (name, role).
    for (at, line) in block.iter().enumerate().rev().take(3) {
        let names = &block[at + 1..];
        let is_closing = CLOSINGS.contains(&closing_words(line).as_str());
        let names_are_short = names.iter().all(|name| is_name_line(name));
        let ends_open = line.trim_end().ends_with(',');
        let something_before = text_before || at > 0;
        if is_closing && names_are_short && (!names.is_empty() || ends_open) && something_before {
            kept.truncate(block_start + at);
            return;
        }
    }
    // The sender's name alone, or with a dash: "Casey", "-Priya".
    let Some(last) = kept.last() else { return };
    let name = last.trim().trim_start_matches(['-', '–', '—', '~']).trim();
    let is_senders_name = sender_name.is_some_and(|sender| {
        let sender = sender.trim();
        !name.is_empty()
            && (name.eq_ignore_ascii_case(sender)
                || sender
                    .split_whitespace()
                    .next()
                    .is_some_and(|first| name.eq_ignore_ascii_case(first)))
    });
    let rest = &kept[..kept.len() - 1];
    let wrote_more =
        rest.iter().any(|l| !l.trim().is_empty() && !CLOSINGS.contains(&closing_words(l).as_str()));
    if is_senders_name && wrote_more {
        kept.pop();
    }
}

/// A closing line as the list spells it: lower case, without its
/// trailing comma or exclamation mark.
fn closing_words(line: &str) -> String {
    line.trim().trim_end_matches([',', '!', '.']).trim().to_lowercase()
}

fn is_name_line(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().count() <= 50
        && !line.ends_with(['.', '?', ':', '!'])
        && !line.chars().any(|c| c.is_ascii_digit())
}

/// The kept lines as text: a run of blank lines (where quotes were cut
/// out) becomes one, and the text is trimmed.
fn join_paragraphs(kept: &[&str]) -> String {
    let mut text = String::new();
    let mut blank_run = 0;
    for line in kept {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        text.push_str(line);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::new_text;

    #[test]
    fn quoted_history_and_signatures_are_cut() {
        let outlook = "Still failing after the update.\n\nRegards\nCasey\n\n-----Original Message-----\nFrom: Support\nTry 9.2.";
        let gmail = "Thanks, fixed!\n\nOn Tue, 1 Dec 2026 at 09:00, Support <support@selfdesk.example> wrote:\n> Set the MTU.";
        let signed = "Logs attached.\n-- \nCasey Customer\nAcme";
        let inline = "> Which version?\n9.1.4\n> And the OS?\nDebian 12";

        assert_eq!(new_text(outlook, None), "Still failing after the update.");
        assert_eq!(new_text(gmail, None), "Thanks, fixed!");
        assert_eq!(new_text(signed, None), "Logs attached.");
        assert_eq!(new_text(inline, None), "9.1.4\nDebian 12");
    }

    #[test]
    fn a_message_with_nothing_new_is_empty() {
        assert_eq!(new_text("> only a quote\n", None), "");
    }

    #[test]
    fn a_reply_below_the_quote_is_kept() {
        let bottom =
            "Hi,\n\nOn Tue, Support <s@x.example> wrote:\n> Which version?\n\nIt is 9.2.1.";
        assert_eq!(new_text(bottom, None), "Hi,\n\nIt is 9.2.1.");
    }

    #[test]
    fn a_thanks_alone_or_a_closing_inside_a_sentence_stays() {
        assert_eq!(new_text("Thank you!\n\nSent from my iPhone", None), "Thank you!");
        let sentence = "It works.\nRegards to the whole team, you have been very helpful.";
        assert_eq!(new_text(sentence, None), sentence);
        assert_eq!(new_text("Thanks,\nCasey", Some("Casey Customer")), "Thanks,\nCasey");
    }

    #[test]
    fn lines_that_begin_like_headers_are_the_reply_itself() {
        let text = "On Monday it dropped twice.\nFrom: the logs it is the backup.";
        assert_eq!(new_text(text, None), text);
    }
}
