//! The two corpora: the real one unpacked from its archive, and a generated
//! one of any size whose articles plant what the queries will look for.

use std::{
    collections::HashMap,
    fmt::Write as _,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};

/// A small deterministic generator (SplitMix64): the same corpus and
/// queries on every run and machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A Zipf-like rank: small ranks (frequent words) far more often.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// The real corpus as a folder: unpacked from the archive once.
pub fn real(source: &Path, work: &Path) -> anyhow::Result<PathBuf> {
    if source.is_dir() {
        return Ok(source.to_path_buf());
    }
    let target = work.join("corpus-real");
    let done = target.join(".unpacked");
    if !done.exists() {
        std::fs::create_dir_all(&target)
            .with_context(|| format!("creating {}", target.display()))?;
        let status = std::process::Command::new("tar")
            .arg("-xzf")
            .arg(source)
            .arg("-C")
            .arg(&target)
            .status()
            .context("running tar")?;
        if !status.success() {
            bail!("could not unpack {}", source.display());
        }
        std::fs::write(&done, "").context("marking the corpus unpacked")?;
    }
    Ok(target)
}

/// Words of the real corpus by frequency: the generated articles speak its
/// vocabulary with its word frequencies.
pub fn vocabulary(real_dir: &Path, limit: usize) -> anyhow::Result<Vec<String>> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for entry in walk(real_dir) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
            if (3..=12).contains(&word.len()) {
                *counts.entry(word.to_ascii_lowercase()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(limit);
    if words.len() < 1000 {
        bail!("the real corpus has too few words to generate from");
    }
    Ok(words.into_iter().map(|(w, _)| w).collect())
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What one generated article plants: the truth its queries are scored on.
pub struct Planted {
    pub slug: String,
    /// Topic words: the first three are in the title, the fourth only in the body.
    pub topic: [String; 4],
    pub code: String,
    pub message: String,
}

fn planted(i: usize, vocabulary: &[String], rng: &mut Rng) -> Planted {
    // Topic words come from the middle of the vocabulary: neither stop
    // words nor one-off rarities.
    let mid =
        |rng: &mut Rng| vocabulary[300 + rng.below(vocabulary.len().min(15_000) - 300)].clone();
    let topic = [mid(rng), mid(rng), mid(rng), mid(rng)];
    let code = format!("0x8{:07X}", (i as u64).wrapping_mul(2_654_435_761) % 0x1000_0000);
    let message = format!(
        "the {} {} could not be {} because the {} {}",
        topic[3],
        topic[1],
        mid(rng),
        mid(rng),
        mid(rng)
    );
    Planted { slug: format!("gen-{i:05}"), topic, code, message }
}

fn sentence(rng: &mut Rng, vocabulary: &[String], words: usize, plant: &[&str]) -> String {
    let mut sentence: Vec<&str> =
        (0..words).map(|_| vocabulary[rng.zipf(vocabulary.len())].as_str()).collect();
    for word in plant {
        let at = rng.below(sentence.len());
        sentence.insert(at, word);
    }
    let mut text = sentence.join(" ");
    text.push('.');
    text
}

/// Writes `count` articles (once; kept between runs) and returns what they plant.
pub fn generate(
    work: &Path,
    vocabulary: &[String],
    count: usize,
) -> anyhow::Result<(PathBuf, Vec<Planted>)> {
    let dir = work.join(format!("corpus-generated-{count}"));
    let done = dir.join(".generated");
    let mut rng = Rng::new(7);
    let plants: Vec<Planted> = (0..count).map(|i| planted(i, vocabulary, &mut rng)).collect();
    if done.exists() {
        return Ok((dir, plants));
    }
    for (i, plant) in plants.iter().enumerate() {
        let folder = dir.join(format!("part-{:03}", i / 1000));
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        let [t0, t1, t2, t3] = &plant.topic;
        let mut body = String::new();
        let _ = writeln!(
            body,
            "---\ntitle: \"{t0} {t1} {t2} problem\"\nslug: {}\ntags: [\"{t0}\"]\n---\n",
            plant.slug
        );
        let _ =
            writeln!(body, "## Symptoms\n\n{}\n", sentence(&mut rng, vocabulary, 40, &[t0, t3]));
        let _ = writeln!(body, "```text\nError {}: {}\n```\n", plant.code, plant.message);
        let _ = writeln!(body, "## Cause\n\n{}\n", sentence(&mut rng, vocabulary, 60, &[t1, t3]));
        let _ = writeln!(body, "## Resolution\n\n{}\n", sentence(&mut rng, vocabulary, 60, &[t2]));
        // Links name their target by its body-only word and one title word.
        for _ in 0..2 {
            let target = &plants[rng.below(count)];
            let _ = writeln!(
                body,
                "See [when {} {} keeps failing]({}.md).\n",
                target.topic[3], target.topic[1], target.slug
            );
        }
        std::fs::write(folder.join(format!("{}.md", plant.slug)), body)
            .context("writing a generated article")?;
    }
    // Links are written as if every article sat in one folder.
    flatten_links(&dir)?;
    std::fs::write(&done, "").context("marking the corpus generated")?;
    Ok((dir, plants))
}

/// Rewrites `gen-00042.md` links to the folder the target really is in.
fn flatten_links(dir: &Path) -> anyhow::Result<()> {
    for path in walk(dir) {
        let text = std::fs::read_to_string(&path)?;
        let mut out = String::with_capacity(text.len() + 64);
        let mut rest = text.as_str();
        while let Some(start) = rest.find("](gen-") {
            let (before, after) = rest.split_at(start + 2);
            out.push_str(before);
            let number: usize = after[4..9].parse().unwrap_or(0);
            out.push_str(&format!("../part-{:03}/", number / 1000));
            rest = after;
        }
        out.push_str(rest);
        std::fs::write(&path, out)?;
    }
    Ok(())
}
