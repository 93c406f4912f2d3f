//! A kept page's body as fixed runs with slots between them, where each
//! copy gets the visitor's own values (CSRF token, nonce). Every run is
//! compressed once when the page is kept; a gzip copy is then the runs'
//! deflate blocks with the values between them as stored (uncompressed)
//! blocks, and a CRC put together from the runs' own.

use std::io;

use axum::body::Bytes;
use crc32fast::Hasher;
use flate2::{Compress, Compression, FlushCompress};
use memchr::memmem;

pub struct Template {
    /// One more run than slots: run, slot, run, ..., run.
    runs: Vec<Run>,
    /// Which value fills each slot (an index into the stand-ins).
    slots: Vec<usize>,
}

struct Run {
    plain: Bytes,
    /// Raw deflate blocks ending byte-aligned, none marked final, so that
    /// more blocks may follow.
    deflated: Bytes,
    crc: Hasher,
}

/// gzip's header: deflate, no name or time, unknown operating system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// An empty stored block marked final: the end of the deflate stream.
const FINAL_BLOCK: [u8; 5] = [1, 0, 0, 0xff, 0xff];

impl Template {
    /// Splits `body` at every occurrence of each stand-in and compresses
    /// the runs between them.
    pub fn new(body: &[u8], stand_ins: &[&str]) -> io::Result<Self> {
        let finders: Vec<_> = stand_ins
            .iter()
            .enumerate()
            .filter(|(_, stand_in)| !stand_in.is_empty())
            .map(|(slot, stand_in)| {
                (slot, memmem::Finder::new(stand_in.as_bytes()), stand_in.len())
            })
            .collect();
        let mut runs = Vec::new();
        let mut slots = Vec::new();
        let mut start = 0;
        loop {
            let next = finders
                .iter()
                .filter_map(|(slot, finder, len)| {
                    finder.find(&body[start..]).map(|at| (start + at, *slot, *len))
                })
                .min_by_key(|(at, ..)| *at);
            let Some((at, slot, len)) = next else { break };
            runs.push(Run::new(&body[start..at])?);
            slots.push(slot);
            start = at + len;
        }
        runs.push(Run::new(&body[start..])?);
        Ok(Self { runs, slots })
    }

    /// Bytes held, plain and compressed.
    pub fn size(&self) -> usize {
        self.runs.iter().map(|run| run.plain.len() + run.deflated.len()).sum()
    }

    /// The page with `values` (one per stand-in, in order) in its slots.
    pub fn plain(&self, values: &[&str]) -> Vec<u8> {
        let mut page = Vec::with_capacity(self.size());
        for (index, run) in self.runs.iter().enumerate() {
            page.extend_from_slice(&run.plain);
            if let Some(slot) = self.slots.get(index) {
                page.extend_from_slice(values[*slot].as_bytes());
            }
        }
        page
    }

    /// The same page as a gzip stream.
    pub fn gzip(&self, values: &[&str]) -> Vec<u8> {
        let mut stream = Vec::with_capacity(self.size() / 2);
        stream.extend_from_slice(&GZIP_HEADER);
        let mut crc = Hasher::new();
        let mut length: u64 = 0;
        for (index, run) in self.runs.iter().enumerate() {
            stream.extend_from_slice(&run.deflated);
            crc.combine(&run.crc);
            length += run.plain.len() as u64;
            if let Some(slot) = self.slots.get(index) {
                let value = values[*slot].as_bytes();
                push_stored(&mut stream, value);
                crc.update(value);
                length += value.len() as u64;
            }
        }
        stream.extend_from_slice(&FINAL_BLOCK);
        stream.extend_from_slice(&crc.finalize().to_le_bytes());
        // gzip keeps the length modulo 2^32.
        stream.extend_from_slice(&(length as u32).to_le_bytes());
        stream
    }
}

impl Run {
    fn new(plain: &[u8]) -> io::Result<Self> {
        let mut crc = Hasher::new();
        crc.update(plain);
        let deflated = if plain.is_empty() { Vec::new() } else { deflate_unfinished(plain)? };
        Ok(Self { plain: Bytes::copy_from_slice(plain), deflated: deflated.into(), crc })
    }
}

/// `plain` as raw deflate blocks, ended by a sync flush (byte-aligned, the
/// stream left open).
fn deflate_unfinished(plain: &[u8]) -> io::Result<Vec<u8>> {
    let mut compress = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(plain.len() / 3 + 64);
    loop {
        let consumed = usize::try_from(compress.total_in()).unwrap_or(plain.len());
        compress.compress_vec(&plain[consumed..], &mut out, FlushCompress::Sync)?;
        let all_read = compress.total_in() as usize == plain.len();
        // The flush is complete once it no longer fills the space it has.
        if all_read && out.len() < out.capacity() {
            return Ok(out);
        }
        out.reserve(out.capacity().max(64));
    }
}

/// `bytes` as stored blocks (at most 65,535 bytes each), not final.
fn push_stored(stream: &mut Vec<u8>, bytes: &[u8]) {
    for chunk in bytes.chunks(usize::from(u16::MAX)) {
        let length = chunk.len() as u16;
        stream.push(0);
        stream.extend_from_slice(&length.to_le_bytes());
        stream.extend_from_slice(&(!length).to_le_bytes());
        stream.extend_from_slice(chunk);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use flate2::read::GzDecoder;

    use super::*;

    fn gunzip(stream: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        GzDecoder::new(stream).read_to_end(&mut plain).expect("a valid gzip stream");
        plain
    }

    #[test]
    fn a_gzip_copy_is_the_page_with_the_visitors_values() {
        let repeated = "<p>Reset the tunnel, then check the gateway log.</p>".repeat(200);
        let body = format!(
            "TOKEN<meta content=\"TOKEN\"><script nonce=\"NONCE\">x</script>{repeated}TOKEN"
        );
        let template = Template::new(body.as_bytes(), &["TOKEN", "NONCE"]).expect("template");
        let values = ["visitor-token", "fresh-nonce"];
        let expected = body.replace("TOKEN", values[0]).replace("NONCE", values[1]);

        assert_eq!(String::from_utf8(template.plain(&values)).expect("utf-8"), expected);
        let gzip = template.gzip(&values);
        assert_eq!(String::from_utf8(gunzip(&gzip)).expect("utf-8"), expected);
        assert!(gzip.len() < expected.len() / 10, "{} bytes compressed", gzip.len());
    }

    #[test]
    fn pages_without_stand_ins_and_long_values_stay_whole() {
        let template = Template::new(b"", &["TOKEN"]).expect("template");
        assert!(gunzip(&template.gzip(&["x"])).is_empty());

        let template = Template::new(b"aTOKENb", &["TOKEN"]).expect("template");
        let long = "v".repeat(70_000);
        assert_eq!(gunzip(&template.gzip(&[&long])), format!("a{long}b").into_bytes());
    }
}
