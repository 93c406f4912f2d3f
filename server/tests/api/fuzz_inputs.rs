//! The fuzz targets (`server::fuzzing`) under the test suite, without the
//! instrumented build cargo-fuzz needs: every saved input of each target
//! (its seeds, the regressions kept from failures, and the corpus a
//! coverage-guided run left in `fuzz/corpus/`) and then, for a bounded
//! time, mutations of them. No coverage guidance: that is what
//! `scripts/fuzz.sh` is for. A failing input is written to
//! `fuzz/artifacts/TARGET/` for `cargo fuzz run` to reproduce.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use server::fuzzing::TARGETS;

/// Seconds of mutations per target: `FUZZ_SECONDS`, 5 by default.
fn budget() -> Duration {
    let seconds = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    Duration::from_secs(seconds)
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every file under the target's seed, regression and corpus folders.
fn saved_inputs(target: &str) -> Vec<Vec<u8>> {
    ["seeds", "regressions", "corpus"]
        .iter()
        .filter_map(|folder| std::fs::read_dir(fuzz_dir().join(folder).join(target)).ok())
        .flat_map(|entries| entries.filter_map(Result::ok))
        .filter_map(|entry| std::fs::read(entry.path()).ok())
        .collect()
}

/// Pieces the parsers care about, spliced into inputs.
const TOKENS: &[&[u8]] = &[
    b"---\n",
    b"+++\n",
    b"\n",
    b"\r\n",
    b"\"",
    b"'",
    b"<script>",
    b"javascript:",
    b" onerror=",
    b"<a href=\"",
    b"](",
    b"![",
    b"`",
    b"```",
    b"|",
    b"\\",
    b"AND ",
    b"OR ",
    b"NOT ",
    b"title:",
    b"(",
    b")",
    b"*",
    b"~",
    b":",
    b"{",
    b"}",
    b"[",
    b"]",
    b"--selfdesk-fuzz\r\n",
    b"Content-Disposition: form-data; name=\"",
    b"\r\n\r\n",
    b"--selfdesk-fuzz--",
    b"\0",
    b"\xff",
    b"\xe2\x80\xae",
    b"date: 2026-13-45\n",
    b"0x",
];

/// A small, seeded generator: the same seed gives the same inputs, so a
/// failure found here can be found again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// One to four edits of `input`: bytes flipped, inserted or removed,
/// tokens spliced in, stretches repeated or taken from another input.
fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.insert(at, rng.next() as u8),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            3 if !data.is_empty() => {
                let end = (at + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            4 if !data.is_empty() => {
                let start = rng.below(data.len());
                let end = (start + rng.below(64)).min(data.len());
                let piece = data[start..end].to_vec();
                data.splice(at..at, piece);
            }
            _ => {
                let other = &others[rng.below(others.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(256)).min(other.len());
                data.splice(at..at, other[start..end].iter().copied());
            }
        }
    }
    data.truncate(64 * 1024);
    data
}

/// Runs the target on the input; a panic is written to the artifacts
/// folder and reported with the input.
fn run(target: &str, body: fn(&[u8]), data: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| body(data))).is_err() {
        let folder = fuzz_dir().join("artifacts").join(target);
        let _ = std::fs::create_dir_all(&folder);
        let file = folder.join(format!("crash-{:016x}", fnv(data)));
        let _ = std::fs::write(&file, data);
        panic!("fuzz target {target} failed on {} (written to {})", escape(data), file.display());
    }
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn escape(data: &[u8]) -> String {
    let shown: String = String::from_utf8_lossy(data).chars().take(200).collect();
    format!("{shown:?}")
}

#[test]
fn every_fuzz_target_survives_its_saved_inputs_and_their_mutations() {
    let budget = budget();
    for (target, body) in TARGETS {
        let saved = saved_inputs(target);
        assert!(!saved.is_empty(), "{target} has no seeds in fuzz/seeds/{target}");
        for input in &saved {
            run(target, body, input);
        }
        let mut rng = Rng(0x5e1f_de5c ^ fnv(target.as_bytes()));
        // Mutations of mutations reach further from the saved inputs.
        let mut mutants: Vec<Vec<u8>> = Vec::new();
        let started = Instant::now();
        let mut mutated = 0usize;
        while started.elapsed() < budget {
            let pick = rng.below(saved.len() + mutants.len());
            let from = saved.get(pick).unwrap_or_else(|| &mutants[pick - saved.len()]);
            let input = mutate(&mut rng, from, &saved);
            run(target, body, &input);
            mutated += 1;
            if mutants.len() < 512 {
                mutants.push(input);
            } else {
                let slot = rng.below(mutants.len());
                mutants[slot] = input;
            }
        }
        println!("fuzz {target}: {} saved inputs and {mutated} mutations, no failure", saved.len());
    }
}
