//! Public comments (公众意见) on a comment notice, the text side: a submission's validation, the
//! published form of its submitter (names masked under 个人信息保护法), the normalised text and its
//! exact and near-duplicate fingerprints that group mass campaigns, and tracking numbers (回执编号).
//!
//! Everything here is pure and cheap, because the engine pushes every comment of a notice (a
//! campaign can bring hundreds of thousands) through it. The fingerprints are stored, so they must
//! not change between processes or releases: every hash below is spelt out with fixed constants
//! and a golden-value test pins them. Changing the hashing means bumping [`SIGNATURE_VERSION`].
//!
//! The MinHash and LSH banding are written here rather than taken from a crate: the crates on
//! crates.io (`datasketch-minhash-lsh` 0.0.1, "use at your own risk"; `gaoya`, which pulls in rayon,
//! rand and a dozen more) seed their permutations from `rand` or hash through `Hash`/`Hasher`,
//! neither of which promises the same values across versions, none stores a signature compactly,
//! and none has the one-permutation MinHash that makes a signature cost one hash per shingle (see
//! [`signature`]). What is needed is about a hundred lines.

use crate::error::{CoreError, InputError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use uuid::Uuid;

string_enum! {
    /// Who submits a comment.
    SubmitterKind {
        /// A natural person, who signs with a name (published masked).
        Individual = "INDIVIDUAL",
        /// An organisation (单位), named in full, optionally with a contact person.
        Organisation = "ORGANISATION",
        /// Nobody named.
        Anonymous = "ANONYMOUS",
    }
}

string_enum! {
    /// How a comment matched the group it was put in.
    DuplicateKind {
        /// Same text once normalised (spacing, punctuation, width and case aside).
        Exact = "EXACT",
        /// Estimated Jaccard similarity of the texts' shingles at least [`NEAR_DUPLICATE_SIMILARITY`].
        Near = "NEAR",
    }
}

/// The longest comment accepted, in characters after trimming.
pub const MAX_BODY_CHARS: usize = 5000;
/// The longest individual's or contact person's name, in characters.
pub const MAX_NAME_CHARS: usize = 50;
/// The longest organisation name, in characters.
pub const MAX_ORGANISATION_CHARS: usize = 100;
/// The longest contact (phone, e-mail, address), in characters.
pub const MAX_CONTACT_CHARS: usize = 100;

/// One comment as submitted through the portal, by letter or e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentSubmission {
    pub kind: SubmitterKind,
    /// The individual's name, or an organisation's contact person.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    /// Phone, e-mail or address, never published.
    #[serde(default)]
    pub contact: Option<String>,
    pub body: String,
}

/// A field's trimmed value, `None` when absent or blank: forms send empty strings for empty boxes.
fn present(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Control characters other than line breaks and tabs: invisible in the portal and in print.
fn has_control(s: &str, allow_breaks: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(allow_breaks && matches!(c, '\n' | '\r' | '\t')))
}

/// Checks an optional short field: its length, and no control characters at all.
fn check_short(
    field: &'static str,
    value: Option<&str>,
    max: usize,
    label_zh: &str,
    label_en: &str,
) -> Result<(), CoreError> {
    let Some(value) = value else { return Ok(()) };
    if has_control(value, false) {
        return Err(InputError::new(
            field,
            format!("{label_zh}含有无法识别的控制字符，请删除后重新提交"),
            format!("the {label_en} contains control characters; please remove them and submit again"),
        )
        .into());
    }
    let n = value.chars().count();
    if n > max {
        return Err(InputError::new(
            field,
            format!("{label_zh}不能超过{max}个字（现有{n}个字）"),
            format!("the {label_en} is longer than {max} characters (it has {n})"),
        )
        .into());
    }
    Ok(())
}

impl CommentSubmission {
    /// Checks the submission before it is accepted; the error names the field to correct.
    ///
    /// The body has 1 to [`MAX_BODY_CHARS`] characters after trimming and no control characters
    /// but line breaks and tabs. An individual gives a name, an organisation its name (and may
    /// give a contact person's). An anonymous comment names nobody: it is refused rather than
    /// published without the name, so that nobody believes they are anonymous while naming
    /// themselves. Blank fields count as absent.
    pub fn validate(&self) -> Result<(), CoreError> {
        let body = self.body.trim();
        if body.is_empty() {
            return Err(InputError::new("body", "意见内容不能为空", "the comment is empty").into());
        }
        if has_control(&self.body, true) {
            return Err(InputError::new(
                "body",
                "意见内容含有无法识别的控制字符，请删除后重新提交",
                "the comment contains control characters; please remove them and submit again",
            )
            .into());
        }
        let n = body.chars().count();
        if n > MAX_BODY_CHARS {
            return Err(InputError::new(
                "body",
                format!("意见内容不能超过{MAX_BODY_CHARS}字（现有{n}字），请精简后提交"),
                format!("the comment is longer than {MAX_BODY_CHARS} characters (it has {n}); please shorten it"),
            )
            .into());
        }

        let name = present(&self.name);
        let organisation = present(&self.organisation);
        match self.kind {
            SubmitterKind::Individual => {
                if name.is_none() {
                    return Err(InputError::new("name", "请填写姓名", "please give your name").into());
                }
                check_short("name", name, MAX_NAME_CHARS, "姓名", "name")?;
                check_short("organisation", organisation, MAX_ORGANISATION_CHARS, "单位名称", "organisation's name")?;
            }
            SubmitterKind::Organisation => {
                if organisation.is_none() {
                    return Err(InputError::new(
                        "organisation",
                        "请填写单位名称",
                        "please give the organisation's name",
                    )
                    .into());
                }
                check_short("organisation", organisation, MAX_ORGANISATION_CHARS, "单位名称", "organisation's name")?;
                check_short("name", name, MAX_NAME_CHARS, "联系人姓名", "contact person's name")?;
            }
            SubmitterKind::Anonymous => {
                if name.is_some() {
                    return Err(InputError::new(
                        "name",
                        "匿名提交时不能填写姓名；如需署名，请选择以个人身份提交",
                        "an anonymous comment cannot carry a name; to sign it, submit as an individual",
                    )
                    .into());
                }
                if organisation.is_some() {
                    return Err(InputError::new(
                        "organisation",
                        "匿名提交时不能填写单位名称；如需署名，请选择以单位身份提交",
                        "an anonymous comment cannot carry an organisation; to sign it, submit as an organisation",
                    )
                    .into());
                }
            }
        }
        check_short("contact", present(&self.contact), MAX_CONTACT_CHARS, "联系方式", "contact")
    }

    /// What the portal shows as 反馈人, see [`public_submitter`].
    pub fn public_submitter(&self) -> String {
        public_submitter(self.kind, self.name.as_deref(), self.organisation.as_deref())
    }
}

/// The published form of an individual's name (个人信息保护法 art. 28 and 51: a name is personal
/// information, and a published opinion register needs only enough to tell submitters apart): the
/// first character kept, every other one replaced by `*` (朱小明 → 朱**, a single character → `*`).
/// Whitespace around the name is trimmed; an empty name stays empty.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let n = name.chars().count();
    match name.chars().next() {
        None => String::new(),
        // A one-character name kept whole would not be masked at all.
        Some(_) if n == 1 => "*".to_owned(),
        Some(first) => {
            let mut out = String::with_capacity(first.len_utf8() + n - 1);
            out.push(first);
            out.extend(std::iter::repeat_n('*', n - 1));
            out
        }
    }
}

/// What the portal shows as 反馈人: an individual's masked name, an organisation's full name (an
/// organisation's name is not personal information), or 匿名. A submission that passed
/// [`CommentSubmission::validate`] always has what its kind needs; one that lacks it shows 匿名
/// rather than an empty cell.
pub fn public_submitter(kind: SubmitterKind, name: Option<&str>, organisation: Option<&str>) -> String {
    let shown = match kind {
        SubmitterKind::Individual => mask_name(name.unwrap_or_default()),
        SubmitterKind::Organisation => organisation.unwrap_or_default().trim().to_owned(),
        SubmitterKind::Anonymous => String::new(),
    };
    if shown.is_empty() { "匿名".to_owned() } else { shown }
}

/// A comment's text reduced to what carries its meaning, so that copies of a campaign text match:
/// NFKC (full-width letters and digits become ASCII, compatibility forms such as ㎏ their letters),
/// lowercase, and only letters and digits of every script kept (Unicode's Alphabetic and Numeric,
/// [`char::is_alphanumeric`]); whitespace, punctuation (，。！？、《》“”…—) and symbols go.
///
/// The result is itself normalised (`normalise(normalise(x)) == normalise(x)`). It depends on the
/// Unicode tables of std and of `unicode-normalization` only for characters they add in a new
/// Unicode version.
pub fn normalise(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    // Whether `out` holds anything but ASCII and CJK ideographs, which are in NFKC in any order
    // (checking 200 ideographs again would take longer than all the rest).
    let mut other = false;
    // NFKC runs chunk by chunk. A chunk starts at an ASCII character or a CJK ideograph, and an
    // ideograph is a chunk of its own: both are starters, so canonical reordering never crosses
    // them; nothing composes with a preceding character into either; and an ideograph composes
    // with nothing that follows. Most of a Chinese comment is then one-character chunks that need
    // no normalisation, which makes this about ten times faster than NFKC over the whole text.
    let mut chars = body.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_ideograph(c) {
            out.push(c);
            continue;
        }
        if chars.peek().is_none_or(|&(_, d)| starts_chunk(d)) {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                }
                continue;
            }
            if is_common_punctuation(c) {
                // Dropped, as NFKC and the filter would, without their table lookups.
                continue;
            }
        }
        let mut end = body.len();
        while let Some(&(i, d)) = chars.peek() {
            if starts_chunk(d) {
                end = i;
                break;
            }
            chars.next();
        }
        let chunk = &body[start..end];
        other |= if is_nfkc_quick(chunk.chars()) == IsNormalized::Yes {
            keep_letters_and_digits(chunk.chars(), &mut out)
        } else {
            keep_letters_and_digits(chunk.nfkc(), &mut out)
        };
    }
    // Lowercasing, or dropping a character that stood between a letter and a combining mark, can
    // leave a text that is no longer in NFKC; normalising again keeps the function idempotent.
    if other && is_nfkc_quick(out.chars()) != IsNormalized::Yes {
        out = out.nfkc().collect();
    }
    out
}

/// The CJK Unified Ideographs block, where nearly all of a Chinese text's characters are: each is
/// its own NFKC, a starter, and neither composes with nor decomposes into anything.
fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn starts_chunk(c: char) -> bool {
    c.is_ascii() || is_ideograph(c)
}

/// Lowercases and keeps letters and digits (a lowercase form can be several characters, 'İ' → "i̇").
/// Returns whether it kept a character other than ASCII or a CJK ideograph.
fn keep_letters_and_digits(chars: impl Iterator<Item = char>, out: &mut String) -> bool {
    let mut other = false;
    for c in chars {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else {
            for l in c.to_lowercase().filter(|l| l.is_alphanumeric()) {
                other |= !l.is_ascii() && !is_ideograph(l);
                out.push(l);
            }
        }
    }
    other
}

/// The punctuation of Chinese texts and the full-width forms of ASCII's: neither letters nor
/// digits, nor anything with letters or digits in its NFKC (a unit test checks every one).
fn is_common_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00b7}'
        | '\u{2010}'..='\u{2027}'
        | '\u{3000}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301f}'
        | '\u{ff01}'..='\u{ff0f}'
        | '\u{ff1a}'..='\u{ff20}'
        | '\u{ff3b}'..='\u{ff40}'
        | '\u{ff5b}'..='\u{ff65}')
}

/// The exact fingerprint of a normalised text: its SHA-256 in lowercase hex.
pub fn exact_fingerprint(normalised: &str) -> String {
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

/// The estimated Jaccard similarity from which an LSH candidate counts as a near duplicate. The
/// estimate has a standard error of about 0.05, so a pair whose true similarity is 0.8 is confirmed
/// half the time, at 0.85 five times in six and at 0.9 ninety-nine times in a hundred.
pub const NEAR_DUPLICATE_SIMILARITY: f64 = 0.8;
/// Characters per shingle: three-character shingles tell Chinese texts apart well without making
/// a single changed character cost too many shingles.
pub const SHINGLE_CHARS: usize = 3;
/// Minhashes in a signature.
pub const SIGNATURE_LEN: usize = 64;
/// LSH bands, of [`ROWS_PER_BAND`] minhashes each. With 16 × 4 a pair at similarity 0.8 shares a
/// band with probability 1 − (1 − 0.8⁴)¹⁶ ≈ 0.9998, a pair at 0.3 with probability ≈ 0.12.
pub const BANDS: usize = 16;
pub const ROWS_PER_BAND: usize = SIGNATURE_LEN / BANDS;
/// The version of the hashing, the first byte of [`Signature::to_bytes`]. A change of the shingles,
/// seeds or mixing changes every signature; bump it so that stored ones are recomputed, not mixed.
pub const SIGNATURE_VERSION: u8 = 1;

/// SplitMix64's finaliser (Steele, Lea and Flood 2014): a fixed bijection of `u64` with good
/// avalanche, used as the stable hash everywhere here instead of std's hashers, whose output may
/// change between Rust releases.
const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A MinHash signature of a normalised text's three-character shingles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub [u32; SIGNATURE_LEN]);

impl Signature {
    /// The stored form: [`SIGNATURE_VERSION`], then the minhashes as little-endian `u32`s (257 bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + 4 * SIGNATURE_LEN);
        out.push(SIGNATURE_VERSION);
        for v in self.0 {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads [`Signature::to_bytes`]'s form; `None` for another length or version (recompute the
    /// signature from the text then).
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        let (&version, rest) = bytes.split_first()?;
        if version != SIGNATURE_VERSION || rest.len() != 4 * SIGNATURE_LEN {
            return None;
        }
        let mut mins = [0u32; SIGNATURE_LEN];
        for (m, chunk) in mins.iter_mut().zip(rest.chunks_exact(4)) {
            *m = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(Signature(mins))
    }
}

/// The MinHash signature of a normalised text ([`normalise`]'s output).
///
/// Each shingle of [`SHINGLE_CHARS`] consecutive characters is packed into a `u64` (21 bits per
/// character, so distinct shingles pack differently) and hashed with SplitMix64's finaliser, a
/// bijection, so distinct shingles never share a hash. A text shorter than a shingle is one
/// shingle, tagged in the top bit so that it never equals a full one. An empty text has no shingle: its signature is
/// all `u32::MAX`, equal only to another empty text's.
///
/// The signature is one-permutation MinHash (Li, Owen and Zhang 2012): the hash's top six bits pick
/// one of the 64 bins and each bin keeps the least of its low 32 bits. It costs one hash per
/// shingle where 64 independent permutations cost 64, about twenty times less for a 200-character
/// comment, with the same accuracy (checked against exact Jaccard similarities on random texts).
/// A bin no shingle fell into is filled by optimal densification (Shrivastava 2017): it copies the
/// first non-empty bin of a fixed pseudo-random sequence of its own, so that two texts with the same
/// shingles fill it alike and the share of equal bins still estimates the Jaccard similarity.
pub fn signature(normalised: &str) -> Signature {
    let mut mins = [u32::MAX; SIGNATURE_LEN];
    let mut filled = 0u64;
    let mut add = |shingle: u64| {
        let h = mix64(shingle);
        let bin = (h >> 58) as usize;
        mins[bin] = mins[bin].min(h as u32);
        filled |= 1 << bin;
    };
    const MASK: u64 = (1 << (21 * SHINGLE_CHARS)) - 1;
    let mut packed = 0u64;
    let mut seen = 0usize;
    for c in normalised.chars() {
        packed = ((packed << 21) | u64::from(c)) & MASK;
        seen += 1;
        if seen >= SHINGLE_CHARS {
            add(packed);
        }
    }
    if (1..SHINGLE_CHARS).contains(&seen) {
        add(packed | 1 << 63);
    }
    if filled != 0 && filled != u64::MAX {
        densify(&mut mins, filled);
    }
    Signature(mins)
}

/// Fills the empty bins of a signature with at least one filled bin.
fn densify(mins: &mut [u32; SIGNATURE_LEN], filled: u64) {
    let source = *mins;
    for (bin, m) in mins.iter_mut().enumerate() {
        if filled & 1 << bin != 0 {
            continue;
        }
        // The bin's own sequence of candidate bins; with one bin filled in 64, 1,024 draws all miss
        // it with probability 10⁻⁷, and then the next filled bin after this one is taken.
        let draw = (0..1024u64)
            .map(|attempt| (mix64(0x6465_6e73_6966_7900 ^ (bin as u64) << 32 ^ attempt) >> 58) as usize)
            .find(|&j| filled & 1 << j != 0);
        let j =
            draw.unwrap_or_else(|| (bin + filled.rotate_right(bin as u32).trailing_zeros() as usize) % SIGNATURE_LEN);
        *m = source[j];
    }
}

/// The LSH keys of a signature, one per band. The band's index is in the top four bits, so keys of
/// different bands never collide; the other 60 bits hash the band's four minhashes.
pub fn band_keys(sig: &Signature) -> [u64; BANDS] {
    let mut keys = [0u64; BANDS];
    for (band, (key, rows)) in keys.iter_mut().zip(sig.0.chunks_exact(ROWS_PER_BAND)).enumerate() {
        let lo = u64::from(rows[0]) | u64::from(rows[1]) << 32;
        let hi = u64::from(rows[2]) | u64::from(rows[3]) << 32;
        let h = mix64(mix64(lo ^ 0x6261_6e64_6b65_7931) ^ hi);
        *key = (band as u64) << 60 | h >> 4;
    }
    keys
}

/// The share of equal minhashes, an estimate of the Jaccard similarity of the two texts' shingle
/// sets (standard error about 0.05 at 64 minhashes).
pub fn estimated_similarity(x: &Signature, y: &Signature) -> f64 {
    let equal = x.0.iter().zip(&y.0).filter(|(p, q)| p == q).count();
    equal as f64 / SIGNATURE_LEN as f64
}

/// The representatives `find` has compared: an open-addressing set on the stack, twice the size of
/// the most it can hold (`BANDS × MAX_CANDIDATES_PER_BAND`), so it never fills.
struct SeenSet([u32; 2 * BANDS * MAX_CANDIDATES_PER_BAND]);

impl SeenSet {
    fn new() -> Self {
        SeenSet([END; 2 * BANDS * MAX_CANDIDATES_PER_BAND])
    }

    /// Adds `index` (not `END`); false if it was there already.
    fn insert(&mut self, index: u32) -> bool {
        let len = self.0.len();
        let mut slot = (index.wrapping_mul(0x9e37_79b9) as usize) % len;
        loop {
            match self.0.get_mut(slot) {
                Some(s) if *s == index => return false,
                Some(s) if *s == END => {
                    *s = index;
                    return true;
                }
                _ => slot = (slot + 1) % len,
            }
        }
    }
}

/// No next representative in a band's chain.
const END: u32 = u32::MAX;
/// At most this many representatives are compared per shared band key, the oldest first. The
/// copies of a campaign that the estimate puts below the threshold (at a true similarity of 0.85,
/// one copy in six; at 0.9, one in a hundred) found groups of their own, all in the campaign's
/// buckets; without a cap `find` would go quadratic. The oldest groups are kept because the
/// campaign's first group, which its copies should join, is among them; and a real near duplicate
/// shares about six of sixteen bands at 0.8, so it is missed only if all of those are crowded.
const MAX_CANDIDATES_PER_BAND: usize = 32;

/// An in-memory grouping index for one comment notice. For each new comment, [`DuplicateIndex::find`]
/// its group; if it has none, it founds one and is inserted as the group's representative.
///
/// Each representative costs about 0.6 KB: its signature, its exact fingerprint as 32 bytes, and
/// one entry per band. Buckets are intrusive chains through the representatives, oldest first, so
/// a band key holds one map entry however many groups share it.
#[derive(Debug, Clone, Default)]
pub struct DuplicateIndex {
    exact: HashMap<[u8; 32], u32>,
    // std's SipHash, not a pass-through hasher: band keys come from public seeds, so a crafted
    // campaign could otherwise pile its keys into one hash bucket.
    buckets: HashMap<u64, Bucket>,
    groups: Vec<Representative>,
}

#[derive(Debug, Clone)]
struct Representative {
    group: Uuid,
    sig: Signature,
    /// For each band, the representative inserted next under the same key.
    next: [u32; BANDS],
}

/// A band key's chain: its first and last representatives.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    first: u32,
    last: u32,
}

/// The exact fingerprint as a map key: its 32 bytes, or for a string that is not SHA-256 hex, the
/// SHA-256 of the string itself (still one key per distinct string).
fn exact_key(exact: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    if hex::decode_to_slice(exact, &mut key).is_err() {
        key = Sha256::digest(exact.as_bytes()).into();
    }
    key
}

impl DuplicateIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a group's representative. The first group inserted with an exact fingerprint keeps it.
    /// A group may have more than one representative (say, when rebuilt from storage). Past
    /// `u32::MAX - 1` representatives further ones are ignored.
    pub fn insert_group(&mut self, group_id: Uuid, exact: &str, sig: &Signature) {
        let Ok(index) = u32::try_from(self.groups.len()) else { return };
        if index == END {
            return;
        }
        self.exact.entry(exact_key(exact)).or_insert(index);
        for (band, key) in band_keys(sig).into_iter().enumerate() {
            let bucket = self.buckets.entry(key).or_insert(Bucket { first: index, last: index });
            if bucket.last != index {
                if let Some(last) = self.groups.get_mut(bucket.last as usize) {
                    last.next[band] = index;
                }
                bucket.last = index;
            }
        }
        self.groups.push(Representative { group: group_id, sig: sig.clone(), next: [END; BANDS] });
    }

    /// The group a comment belongs to: the group with the same exact fingerprint, or else the
    /// representative sharing a band key whose estimated similarity is highest and at least
    /// [`NEAR_DUPLICATE_SIMILARITY`] (on a tie, the group inserted first).
    pub fn find(&self, exact: &str, sig: &Signature) -> Option<(Uuid, DuplicateKind)> {
        if let Some(&i) = self.exact.get(&exact_key(exact)) {
            return self.groups.get(i as usize).map(|r| (r.group, DuplicateKind::Exact));
        }
        let mut best: Option<(f64, u32)> = None;
        // The crowded buckets of a campaign hold mostly the same groups, so each is compared once.
        let mut seen = SeenSet::new();
        for (band, key) in band_keys(sig).into_iter().enumerate() {
            let mut at = self.buckets.get(&key).map_or(END, |b| b.first);
            let mut looked = 0;
            while let Some(rep) = self.groups.get(at as usize) {
                if looked == MAX_CANDIDATES_PER_BAND {
                    break;
                }
                looked += 1;
                if seen.insert(at) {
                    let s = estimated_similarity(sig, &rep.sig);
                    let better = match best {
                        None => true,
                        Some((bs, bi)) => s > bs || (s == bs && at < bi),
                    };
                    if s >= NEAR_DUPLICATE_SIMILARITY && better {
                        best = Some((s, at));
                    }
                }
                at = rep.next[band];
            }
        }
        best.and_then(|(_, i)| self.groups.get(i as usize)).map(|r| (r.group, DuplicateKind::Near))
    }

    /// The number of representatives inserted.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The least number of digits of a tracking number's serial.
const SERIAL_DIGITS: usize = 6;

/// ISO 7064 MOD 11-2 over the digits of `s` (other characters skipped): the check character of the
/// resident identity card (GB 11643), `0`–`9` or `X`, so it looks familiar. It catches every single
/// changed digit and every swap of two adjacent digits.
fn mod11_2(s: &str) -> char {
    let p = s.bytes().filter(u8::is_ascii_digit).fold(0u32, |p, d| ((p + u32::from(d - b'0')) * 2) % 11);
    match (12 - p) % 11 {
        10 => 'X',
        c => char::from(b'0' + c as u8),
    }
}

/// Whether `prefix` can head a tracking number: groups of ASCII digits joined by single hyphens,
/// like `370103-2022-01-1` (government code, year, item, notice round).
pub fn is_valid_tracking_prefix(prefix: &str) -> bool {
    !prefix.is_empty() && prefix.split('-').all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A comment's tracking number (回执编号): `prefix`, the serial `n` zero-padded to six digits (more
/// if larger), and an ISO 7064 MOD 11-2 check character over all the digits before it, joined by
/// hyphens: `370103-2022-01-1-000123-5`. A mistyped digit then reads as no receipt at all rather
/// than someone else's. `prefix` should satisfy [`is_valid_tracking_prefix`]; another one gives a
/// number that [`parse_tracking_number`] refuses.
pub fn tracking_number(prefix: &str, n: u64) -> String {
    let mut s = format!("{prefix}-{n:0SERIAL_DIGITS$}");
    let check = mod11_2(&s);
    s.push('-');
    s.push(check);
    s
}

/// Reads a tracking number back into its prefix and serial, or `None` if it is malformed or its
/// check character does not match (an `x` is read as `X`). Surrounding whitespace is ignored. Only
/// the canonical form is read: a serial of at least six digits, zero-padded to exactly six.
pub fn parse_tracking_number(s: &str) -> Option<(String, u64)> {
    let s = s.trim();
    let (head, check) = s.rsplit_once('-')?;
    let (prefix, serial) = head.rsplit_once('-')?;
    if !is_valid_tracking_prefix(prefix)
        || serial.len() < SERIAL_DIGITS
        || !serial.bytes().all(|b| b.is_ascii_digit())
        || (serial.len() > SERIAL_DIGITS && serial.starts_with('0'))
    {
        return None;
    }
    let mut check_chars = check.chars();
    let (Some(c), None) = (check_chars.next(), check_chars.next()) else { return None };
    if c.to_ascii_uppercase() != mod11_2(head) {
        return None;
    }
    let n = serial.parse().ok()?;
    Some((prefix.to_owned(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod11_2_matches_the_identity_card_check() {
        // GB 11643's published example: 11010519491231002X.
        assert_eq!(mod11_2("11010519491231002"), 'X');
    }

    #[test]
    fn common_punctuation_normalises_to_nothing() {
        let all = (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| is_common_punctuation(c));
        let mut n = 0;
        for c in all {
            n += 1;
            assert!(!c.is_alphanumeric() && c.nfkc().all(|d| !d.is_alphanumeric()), "{c:?}");
        }
        assert_eq!(n, 90);
        for c in "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·～　".chars() {
            assert!(is_common_punctuation(c), "{c:?}");
        }
    }

    #[test]
    fn densification_copies_filled_bins() {
        let mut mins = [u32::MAX; SIGNATURE_LEN];
        mins[5] = 42;
        densify(&mut mins, 1 << 5);
        assert_eq!(mins, [42; SIGNATURE_LEN]);
        let mut mins = [u32::MAX; SIGNATURE_LEN];
        mins[0] = 1;
        mins[63] = 2;
        densify(&mut mins, 1 | 1 << 63);
        assert!(mins.iter().all(|&m| m == 1 || m == 2));
    }

    #[test]
    fn short_texts_are_one_tagged_shingle() {
        assert_ne!(signature("ab"), signature("xab"));
        assert_eq!(signature("").0, [u32::MAX; SIGNATURE_LEN]);
        assert_ne!(signature("a"), signature(""));
    }
}
