//! Whether the receiving mail server vouches for a message's sender: its
//! `Authentication-Results` header (RFC 8601). Only the header stamped
//! with the support mailbox's own server id counts, and of those only the
//! topmost (the one that server added last, above anything the sender
//! wrote): anyone can add a header naming another server, or ours further
//! down.

/// How the mail server proved the sender's domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerVerdict {
    /// `dmarc=pass` for the `From:` domain.
    Dmarc,
    /// `dkim=pass` with a signing domain aligned with the `From:` domain.
    Dkim,
    /// `spf=pass` with an envelope sender aligned with the `From:` domain.
    Spf,
}

impl ServerVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dmarc => "dmarc",
            Self::Dkim => "dkim",
            Self::Spf => "spf",
        }
    }
}

/// What the trusted server found for `from_domain`: a pass by DMARC, or
/// else by an aligned DKIM signature or SPF; `Err` says why not.
pub fn verdict(
    headers: &[String],
    trusted_id: &str,
    from_domain: &str,
) -> Result<ServerVerdict, String> {
    let Some(results) = headers.iter().map(|h| parse(h)).find(|r| {
        r.as_ref().is_some_and(|r| r.authserv_id.eq_ignore_ascii_case(trusted_id.trim()))
    }) else {
        return Err(format!("no Authentication-Results from {trusted_id}"));
    };
    let results = results.unwrap_or_default();
    let from_domain = from_domain.to_ascii_lowercase();
    let passes = |method: &str, properties: &[&str], aligned: &dyn Fn(&str) -> bool| {
        results.methods.iter().any(|m| {
            m.method == method
                && m.result == "pass"
                && properties
                    .iter()
                    .find_map(|property| m.property(property))
                    .is_some_and(|value| aligned(&domain_of(value)))
        })
    };
    if passes("dmarc", &["header.from"], &|domain| domain == from_domain) {
        return Ok(ServerVerdict::Dmarc);
    }
    // Gmail names the signer by its identity (`header.i=@example.com`).
    if passes("dkim", &["header.d", "header.i"], &|domain| aligned(domain, &from_domain)) {
        return Ok(ServerVerdict::Dkim);
    }
    if passes("spf", &["smtp.mailfrom"], &|domain| aligned(domain, &from_domain)) {
        return Ok(ServerVerdict::Spf);
    }
    let found: Vec<String> =
        results.methods.iter().map(|m| format!("{}={}", m.method, m.result)).collect();
    Err(if found.is_empty() {
        format!("{trusted_id} found nothing of the sender")
    } else {
        format!("{trusted_id} found {} for {from_domain}", found.join(", "))
    })
}

/// A signing or envelope domain stands for the `From:` domain when it is
/// that domain or a parent of it (whose owner controls its subdomains);
/// a lone top-level domain never does.
fn aligned(domain: &str, from_domain: &str) -> bool {
    domain == from_domain || (domain.contains('.') && from_domain.ends_with(&format!(".{domain}")))
}

/// `user@example.com` or `example.com` as `example.com`.
fn domain_of(value: &str) -> String {
    value.rsplit('@').next().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase()
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Results {
    authserv_id: String,
    methods: Vec<MethodResult>,
}

#[derive(Debug, PartialEq, Eq)]
struct MethodResult {
    method: String,
    result: String,
    properties: Vec<(String, String)>,
}

impl MethodResult {
    fn property(&self, name: &str) -> Option<&str> {
        self.properties.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// `authserv-id [version]; method=result prop=value ...; ...`, comments
/// and quotes as RFC 8601 (and RFC 5322's CFWS) allow them.
fn parse(header: &str) -> Option<Results> {
    let text = without_comments(header);
    let mut parts = split_outside_quotes(&text, ';').into_iter();
    let authserv_id = parts.next()?.split_whitespace().next()?.to_owned();
    let mut methods = Vec::new();
    for part in parts {
        let mut words = split_outside_quotes(&part, ' ').into_iter().filter(|w| !w.is_empty());
        let Some((method, result)) = words.next().and_then(|w| {
            let (method, result) = w.split_once('=')?;
            Some((method.split('/').next()?.trim().to_lowercase(), result.trim().to_lowercase()))
        }) else {
            continue;
        };
        let properties = words
            .filter_map(|w| {
                let (name, value) = w.split_once('=')?;
                Some((name.trim().to_lowercase(), value.trim().trim_matches('"').to_owned()))
            })
            .collect();
        methods.push(MethodResult { method, result, properties });
    }
    Some(Results { authserv_id, methods })
}

/// The header without its `( ... )` comments (nested ones too), keeping
/// quoted strings as they are.
fn without_comments(header: &str) -> String {
    let mut text = String::with_capacity(header.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in header.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                if depth == 0 {
                    text.push(c);
                }
                continue;
            }
            '\\' => escaped = true,
            '"' if depth == 0 => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                continue;
            }
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                text.push(' ');
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            text.push(c);
        }
    }
    text
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        let separates = if separator == ' ' { c.is_whitespace() } else { c == separator };
        if separates && !quoted {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn dmarc_pass_from_the_trusted_server_proves_the_domain() {
        let ours = "mx.selfdesk.test; dkim=pass (2048-bit key) header.d=acme.example header.s=s1; \
                    spf=pass smtp.mailfrom=bounce@acme.example; dmarc=pass (p=reject) header.from=acme.example";
        assert_eq!(
            verdict(&headers(&[ours]), "mx.selfdesk.test", "acme.example"),
            Ok(ServerVerdict::Dmarc)
        );
    }

    #[test]
    fn only_the_topmost_header_of_the_trusted_server_counts() {
        let ours = "mx.selfdesk.test; dmarc=fail header.from=acme.example";
        let planted = "mx.selfdesk.test; dmarc=pass header.from=acme.example";
        let other = "mx.elsewhere.example; dmarc=pass header.from=acme.example";
        let trusted = "mx.selfdesk.test";

        assert!(verdict(&headers(&[ours, planted]), trusted, "acme.example").is_err());
        assert!(verdict(&headers(&[other]), trusted, "acme.example").is_err());
        assert_eq!(
            verdict(&headers(&[other, planted]), trusted, "acme.example"),
            Ok(ServerVerdict::Dmarc),
            "another server's header above ours is passed over"
        );
    }

    #[test]
    fn dkim_and_spf_count_only_when_aligned_with_the_from_domain() {
        let trusted = "mx.selfdesk.test";
        let dkim_parent = "mx.selfdesk.test; dkim=pass header.d=acme.example";
        let dkim_other = "mx.selfdesk.test; dkim=pass header.d=attacker.example";
        let dkim_tld = "mx.selfdesk.test; dkim=pass header.d=example";
        let spf = "mx.selfdesk.test; spf=pass smtp.mailfrom=bounces@mail.acme.example";
        let dmarc_other = "mx.selfdesk.test; dmarc=pass header.from=attacker.example";

        let on = |h: &str, domain: &str| verdict(&headers(&[h]), trusted, domain);
        assert_eq!(on(dkim_parent, "eu.acme.example"), Ok(ServerVerdict::Dkim));
        assert!(on(dkim_other, "acme.example").is_err());
        assert!(on(dkim_tld, "acme.example").is_err());
        assert_eq!(on(spf, "mail.acme.example"), Ok(ServerVerdict::Spf));
        assert!(on(spf, "acme.example").is_err(), "a subdomain does not stand for its parent");
        assert!(on(dmarc_other, "acme.example").is_err());
    }

    #[test]
    fn gmails_verdict_reads_as_gmail_writes_it() {
        let gmail = "mx.google.com;\r\n       dkim=pass header.i=@acme.example header.s=s1 header.b=AbC;\r\n       \
                     spf=pass (google.com: domain of bounce@acme.example designates 192.0.2.1 as permitted sender) \
                     smtp.mailfrom=bounce@acme.example;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=acme.example"
            .replace("\r\n", " ");
        let no_dmarc = "mx.google.com; dkim=pass header.i=@acme.example header.s=s1";
        assert_eq!(
            verdict(&headers(&[&gmail]), "mx.google.com", "acme.example"),
            Ok(ServerVerdict::Dmarc)
        );
        assert_eq!(
            verdict(&headers(&[no_dmarc]), "mx.google.com", "acme.example"),
            Ok(ServerVerdict::Dkim)
        );
    }

    #[test]
    fn comments_quotes_and_case_are_read_as_rfc_8601_writes_them() {
        let header = "MX.Selfdesk.Test 1; (checked) DMARC=Pass (p=none; dis=none) \
                      header.from=\"acme.example\"";
        assert_eq!(
            verdict(&headers(&[header]), "mx.selfdesk.test", "ACME.example"),
            Ok(ServerVerdict::Dmarc)
        );
        let why = verdict(&headers(&["mx.selfdesk.test; none"]), "mx.selfdesk.test", "a.example");
        assert!(why.is_err_and(|w| w.contains("found nothing")));
    }
}
