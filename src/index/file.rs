//! The index file: one file, fixed header, checksum, fst bytes used in place.
//!
//! Layout (integers little-endian):
//!
//! | offset | size | field |
//! | --- | --- | --- |
//! | 0 | 8 | magic `TOIAWASE` |
//! | 8 | 4 | format version ([`FORMAT_VERSION`]) |
//! | 12 | 4 | CRC-32 of every byte from offset 16 to the end |
//! | 16 | 8 | length of the term fst |
//! | 24 | 8 | length of the reading fst |
//! | 32 | 8 | length of the postcard-encoded rest |
//! | 40 | … | term fst, reading fst, rest |
//!
//! Opening checks, in order: magic, version, lengths against the file size, checksum,
//! the postcard payload, that each fst is exactly the one its key list builds, and that
//! every id inside points somewhere valid.
//! Only then is the index used. Lengths are checked before anything is allocated, so a
//! corrupted length cannot cause a huge allocation.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::{Index, IndexData, Role, SharedBytes, fst_bytes};

/// First bytes of every index file.
pub const MAGIC: &[u8; 8] = b"TOIAWASE";
/// The index format this build writes and reads. Bumped on any incompatible change; files
/// of another version are refused with [`IndexError::UnsupportedVersion`] (rebuild them).
pub const FORMAT_VERSION: u32 = 5;
const HEADER_LEN: usize = 40;

/// Why an index file could not be saved or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// Reading or writing the file failed.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The index file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file does not start with the index magic bytes.
    #[error("{}: not a toiawase index (bad magic bytes)", path.display())]
    BadMagic {
        /// The index file.
        path: PathBuf,
    },
    /// The file was written by another version of the index format.
    #[error("{}: index format version {found} is not supported (this build reads version {supported}); rebuild the index", path.display())]
    UnsupportedVersion {
        /// The index file.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// The file is shorter or longer than its header says.
    #[error("{}: index file is truncated or has trailing bytes: header says {expected} bytes, file has {found}", path.display())]
    Truncated {
        /// The index file.
        path: PathBuf,
        /// Size the header implies.
        expected: u64,
        /// Actual size.
        found: u64,
    },
    /// The checksum does not match: the file was corrupted after it was written.
    #[error("{}: index file is corrupted (checksum {found:#010x}, expected {expected:#010x})", path.display())]
    Checksum {
        /// The index file.
        path: PathBuf,
        /// Checksum stored in the header.
        expected: u32,
        /// Checksum of the bytes as read.
        found: u32,
    },
    /// A part of the file is malformed although its checksum matched.
    #[error("{}: index file is malformed: {what}", path.display())]
    Malformed {
        /// The index file.
        path: PathBuf,
        /// Which part, and how.
        what: String,
    },
    /// The index was built with a different system dictionary than the engine has.
    #[error("{}: index was built with a different system dictionary (fingerprint {index:#018x}, this engine has {engine:#018x}); rebuild the index or open it with the dictionary it was built with", path.display())]
    DictionaryMismatch {
        /// The index file.
        path: PathBuf,
        /// Fingerprint recorded in the index.
        index: u64,
        /// Fingerprint of the engine's dictionary.
        engine: u64,
    },
}

/// Serializes an index into the file layout.
pub(crate) fn encode(index: &Index) -> Vec<u8> {
    let terms = index.terms.as_fst().as_bytes();
    let readings = index.readings.as_fst().as_bytes();
    // Serializing plain data into a Vec cannot fail.
    let rest = postcard::to_stdvec(&index.data).unwrap_or_default();
    let mut bytes = Vec::with_capacity(HEADER_LEN + terms.len() + readings.len() + rest.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&[0; 4]);
    bytes.extend_from_slice(&(terms.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&(readings.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&(rest.len() as u64).to_le_bytes());
    bytes.extend_from_slice(terms);
    bytes.extend_from_slice(readings);
    bytes.extend_from_slice(&rest);
    let checksum = crc32fast::hash(&bytes[16..]);
    bytes[12..16].copy_from_slice(&checksum.to_le_bytes());
    bytes
}

/// Validates and opens index bytes. `origin` names the file in errors.
pub(crate) fn decode(bytes: Vec<u8>, origin: &Path) -> Result<Index, IndexError> {
    let path = || origin.to_path_buf();
    let malformed = |what: String| IndexError::Malformed { path: path(), what };
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(IndexError::BadMagic { path: path() });
    }
    if bytes.len() < HEADER_LEN {
        return Err(IndexError::Truncated {
            path: path(),
            expected: HEADER_LEN as u64,
            found: bytes.len() as u64,
        });
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]));
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
    let version = u32_at(8);
    if version != FORMAT_VERSION {
        return Err(IndexError::UnsupportedVersion {
            path: path(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let lengths = [u64_at(16), u64_at(24), u64_at(32)];
    let expected = lengths
        .iter()
        .try_fold(HEADER_LEN as u64, |total, len| total.checked_add(*len));
    if expected != Some(bytes.len() as u64) {
        return Err(IndexError::Truncated {
            path: path(),
            expected: expected.unwrap_or(u64::MAX),
            found: bytes.len() as u64,
        });
    }
    let stored = u32_at(12);
    let computed = crc32fast::hash(&bytes[16..]);
    if stored != computed {
        return Err(IndexError::Checksum {
            path: path(),
            expected: stored,
            found: computed,
        });
    }

    // Lengths now sum to the file size, so these ranges are in bounds.
    let terms_end = HEADER_LEN + lengths[0] as usize;
    let readings_end = terms_end + lengths[1] as usize;
    let data: IndexData = postcard::from_bytes(&bytes[readings_end..])
        .map_err(|err| malformed(format!("index data: {err}")))?;
    // fst trusts its bytes (a damaged node can make it index out of bounds), and a file
    // can carry a valid checksum over damaged bytes. So the fsts are checked against the
    // keys the payload lists: the same keys always build the same bytes.
    let expect_fst = |range: std::ops::Range<usize>, keys: Vec<&str>, name: &str| {
        let rebuilt = fst_bytes(keys).map_err(|err| malformed(format!("{name} list: {err}")))?;
        if rebuilt.as_slice() == &bytes[range] {
            Ok(())
        } else {
            Err(malformed(format!(
                "{name} dictionary does not match the {name} list"
            )))
        }
    };
    expect_fst(
        HEADER_LEN..terms_end,
        data.terms.iter().map(|term| term.text.as_str()).collect(),
        "term",
    )?;
    expect_fst(
        terms_end..readings_end,
        data.readings.iter().map(String::as_str).collect(),
        "reading",
    )?;

    let buffer = Arc::new(bytes);
    let map = |range: std::ops::Range<usize>, name: &str| {
        fst::Map::new(SharedBytes {
            buffer: Arc::clone(&buffer),
            range,
        })
        .map_err(|err| malformed(format!("{name} dictionary: {err}")))
    };
    let index = Index::new(
        map(HEADER_LEN..terms_end, "term")?,
        map(terms_end..readings_end, "reading")?,
        data,
    )
    .map_err(malformed)?;
    check_references(&index).map_err(malformed)?;
    Ok(index)
}

/// Checks that every id stored in the index points at something that exists, so that the
/// matcher can index without bounds failures.
fn check_references(index: &Index) -> Result<(), String> {
    let data = &index.data;
    let terms = data.terms.len();
    if let Some(term) = data
        .terms
        .iter()
        .find(|t| !t.idf.is_finite() || t.idf < 0.0)
    {
        return Err(format!(
            "term {:?} has an invalid weight {}",
            term.text, term.idf
        ));
    }
    let docs = data.docs.len();
    let entries = data.entries.len();
    check_offsets(
        &data.posting_offsets,
        terms,
        data.postings.len(),
        "postings",
    )?;
    if let Some(doc) = data.postings.iter().find(|&&doc| doc as usize >= docs) {
        return Err(format!("posting names document {doc} of {docs}"));
    }
    if data.answer_postings.len() != terms {
        return Err(format!(
            "{} answer posting splits for {terms} terms",
            data.answer_postings.len()
        ));
    }
    let splits_inside = data
        .answer_postings
        .iter()
        .zip(data.posting_offsets.windows(2))
        .all(|(&split, range)| range[0] <= split && split <= range[1]);
    if !splits_inside {
        return Err("answer posting splits lie outside their postings".to_string());
    }
    if data.doc_ranks.len() != docs {
        return Err(format!(
            "{} document ranks for {docs} documents",
            data.doc_ranks.len()
        ));
    }
    let mut ranked = vec![false; docs];
    for &rank in &data.doc_ranks {
        match ranked.get_mut(rank as usize) {
            Some(seen @ false) => *seen = true,
            _ => return Err(format!("document rank {rank} is out of range or repeated")),
        }
    }
    let groups = data.reading_offsets.len().saturating_sub(1);
    check_offsets(
        &data.reading_offsets,
        groups,
        data.reading_terms.len(),
        "readings",
    )?;
    if let Some(term) = data.reading_terms.iter().find(|&&t| t as usize >= terms) {
        return Err(format!("reading names term {term} of {terms}"));
    }
    for (position, doc) in data.docs.iter().enumerate() {
        if doc.entry as usize >= entries {
            return Err(format!(
                "document {position} names entry {} of {entries}",
                doc.entry
            ));
        }
        let entry = &data.entries[doc.entry as usize];
        let phrasings = entry.questions.len() + entry.aliases.len();
        if doc.question as usize >= phrasings {
            return Err(format!(
                "document {position} names phrasing {} of {phrasings}",
                doc.question
            ));
        }
        if doc.alias != (doc.question as usize >= entry.questions.len()) {
            return Err(format!("document {position} is marked alias wrongly"));
        }
        for term in &doc.terms {
            if term.term as usize >= terms {
                return Err(format!(
                    "document {position} names term {} of {terms}",
                    term.term
                ));
            }
            let positions = doc.terms.len();
            let bad_reference = match term.role {
                Role::Part(whole) => whole as usize >= positions,
                Role::Span(first, last) => first > last || last as usize >= positions,
                Role::Word | Role::Keyword | Role::Answer => false,
            };
            if bad_reference {
                return Err(format!("document {position} refers to a missing word"));
            }
        }
    }
    if data.readings.len() != groups {
        return Err(format!(
            "{} readings for {groups} reading groups",
            data.readings.len()
        ));
    }
    data.neighbourhoods.check(terms, groups)
}

fn check_offsets(offsets: &[u32], count: usize, total: usize, name: &str) -> Result<(), String> {
    if offsets.len() != count + 1 {
        return Err(format!(
            "{name}: {} offsets for {count} items",
            offsets.len()
        ));
    }
    if offsets.first() != Some(&0) || offsets.last().map(|&last| last as usize) != Some(total) {
        return Err(format!("{name}: offsets do not span the list"));
    }
    if offsets.windows(2).any(|pair| pair[0] > pair[1]) {
        return Err(format!("{name}: offsets are not ascending"));
    }
    Ok(())
}

/// Whether the file at `path` starts like a toiawase index file (its magic bytes), so that
/// a tool can tell an index from a corpus without parsing either. An index that is
/// damaged after its first bytes still says yes; opening it says what is wrong.
///
/// ```no_run
/// if toiawase::is_index_file("faq.idx")? {
///     let engine = toiawase::Engine::open("faq.idx")?;
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_index_file(path: impl AsRef<Path>) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut magic = [0u8; MAGIC.len()];
    let mut read = 0;
    while read < magic.len() {
        match file.read(&mut magic[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read == magic.len() && &magic == MAGIC)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, then renamed over the target. On failure the temporary file is removed and any
/// existing file at `path` is untouched.
///
/// The temporary file is created exclusively (`O_EXCL`) under an unpredictable name
/// (`.toiawase-XXXXXX.tmp`, by the `tempfile` crate), so a file or symlink planted in the
/// folder is never written through. The new file gets the permissions of the file it
/// replaces (a 0600 index stays 0600); a new index gets those `File::create` would give
/// (0666 less the umask). The owner is the writer's.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    use std::io::Write;
    let io = |action, source| IndexError::Io {
        path: path.to_path_buf(),
        action,
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let replaced = std::fs::metadata(path)
        .ok()
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.permissions());
    // A short name of its own (not derived from the target's, which may already be as
    // long as the file system allows).
    let mut builder = tempfile::Builder::new();
    builder.prefix(".toiawase-").suffix(".tmp");
    #[cfg(unix)]
    if replaced.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(&folder)
        .map_err(|err| io("cannot create temporary file", err))?;
    temporary
        .write_all(bytes)
        .map_err(|err| io("cannot write index", err))?;
    if let Some(permissions) = replaced {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(|err| {
                io(
                    "cannot give the index the permissions of the file it replaces",
                    err,
                )
            })?;
    }
    temporary
        .as_file()
        .sync_all()
        .map_err(|err| io("cannot flush index to disk", err))?;
    // On failure the temporary file is removed when the error is dropped.
    temporary
        .persist(path)
        .map_err(|err| io("cannot move index into place", err.error))?;
    Ok(())
}
