//! The reply set (`replies/replies.toml`): replies as mail clients send
//! them, each received whole, and the share whose text comes out exactly
//! as a reader of the case should see it.

use serde::Deserialize;

use super::InboundEmail;

#[derive(Deserialize)]
struct ReplySet {
    reply: Vec<Reply>,
}

#[derive(Deserialize)]
struct Reply {
    name: String,
    client: String,
    language: String,
    /// Where the client's format can be seen in public.
    #[allow(dead_code)]
    format: String,
    from: Option<String>,
    headers: Option<String>,
    body: String,
    expected: String,
}

impl Reply {
    /// The message as a mail server hands it over.
    fn raw(&self, n: usize) -> Vec<u8> {
        let from = self.from.as_deref().unwrap_or("Casey Customer <customer@acme.example>");
        let mut text = format!(
            "From: {from}\nTo: support@selfdesk.test\nSubject: Re: CASE-000001: Support answered\n\
             Message-ID: <reply-{n}@mail.example>\nMIME-Version: 1.0\n\
             Content-Type: text/plain; charset=utf-8\n"
        );
        if let Some(headers) = &self.headers {
            text.push_str(headers.trim());
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&self.body);
        text.replace("\r\n", "\n").replace('\n', "\r\n").into_bytes()
    }
}

#[test]
fn the_reply_set_comes_out_as_written() {
    let set: ReplySet =
        toml::from_str(include_str!("replies/replies.toml")).expect("the reply set reads");
    let mut exact = 0;
    let mut misses = Vec::new();
    for (n, reply) in set.reply.iter().enumerate() {
        let email = InboundEmail::parse(&reply.raw(n)).expect("each reply is readable");
        if email.text == reply.expected.trim() {
            exact += 1;
        } else {
            misses.push(format!(
                "{} ({}, {}):\n--- expected\n{}\n--- got\n{}\n",
                reply.name,
                reply.client,
                reply.language,
                reply.expected.trim(),
                email.text
            ));
        }
    }
    let total = set.reply.len();
    let share = 100.0 * exact as f64 / total as f64;
    println!("reply texts: {exact} of {total} exactly as written ({share:.1} %)");
    for miss in &misses {
        println!("{miss}");
    }
    assert!(total >= 40, "the set holds at least 40 replies");
    assert!(share >= 90.0, "{exact} of {total} exact ({share:.1} %):\n{}", misses.join("\n"));
}
