//! The new text of a reply: what mail clients quote below it (the earlier
//! messages, the sender's signature) is cut, since the case's timeline
//! already holds it.

/// Lines that begin the quoted history in the common mail clients.
fn starts_history(line: &str) -> bool {
    let line = line.trim();
    (line.starts_with("On ") && line.ends_with("wrote:"))
        || (line.starts_with("Am ") && line.ends_with("schrieb:"))
        || (line.starts_with("Le ") && line.ends_with("a écrit :"))
        || line.starts_with("-----Original Message-----")
        || line.starts_with("________________________________")
        || (line.starts_with("From:") && line.contains('@'))
}

/// The text above the quoted history and the signature (`-- `), without
/// quoted lines (`>`), trimmed.
pub fn new_text(body: &str) -> String {
    let mut kept = Vec::new();
    for line in body.lines() {
        if starts_history(line) || line == "-- " || line == "--" {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        kept.push(line.trim_end());
    }
    kept.join("\n").trim().to_owned()
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

        assert_eq!(new_text(outlook), "Still failing after the update.\n\nRegards\nCasey");
        assert_eq!(new_text(gmail), "Thanks, fixed!");
        assert_eq!(new_text(signed), "Logs attached.");
        assert_eq!(new_text(inline), "9.1.4\nDebian 12");
    }

    #[test]
    fn a_message_with_nothing_new_is_empty() {
        assert_eq!(new_text("> only a quote\n"), "");
    }
}
