//! The index file: round trip, determinism, and rejection of damaged or foreign files.

use std::sync::OnceLock;

use toiawase::{Corpus, Engine, EngineError, EngineOptions, Entry, IndexError};

fn corpus() -> Corpus {
    Corpus::new(vec![
        Entry::new(
            "sodai",
            ["粗大ごみの出し方", "大きな家具を捨てたい"],
            "申込制です。",
        )
        .with_category("ごみ"),
        Entry::new("juminhyo", ["住民票の写しがほしい"], "市民課で発行します。"),
        Entry::new("jitensha", ["自転車を捨てたい"], "粗大ごみです。"),
    ])
    .unwrap()
}

fn bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| Engine::build(&corpus()).unwrap().to_bytes())
}

fn open(bytes: Vec<u8>) -> Result<Engine, EngineError> {
    Engine::from_bytes(bytes, &EngineOptions::default())
}

/// Recomputes the header checksum after a deliberate edit.
fn reseal(bytes: &mut [u8]) {
    let checksum = crc32fast::hash(&bytes[16..]);
    bytes[12..16].copy_from_slice(&checksum.to_le_bytes());
}

#[test]
fn saved_index_answers_like_the_engine_that_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.idx");
    let built = Engine::build(&corpus()).unwrap();
    built.save(&path).unwrap();
    let opened = Engine::open(&path).unwrap();
    for question in [
        "そだいごみ",
        "住民票",
        "じてんしゃ すてたい",
        "駅はどこ",
        "",
    ] {
        assert_eq!(built.ask(question), opened.ask(question), "{question}");
    }
    assert_eq!(
        opened.entry("sodai").unwrap().category.as_deref(),
        Some("ごみ")
    );
    assert_eq!(built.stats(), opened.stats());
}

#[test]
fn same_corpus_gives_byte_identical_index_files() {
    let again = Engine::build(&corpus()).unwrap().to_bytes();
    assert_eq!(bytes(), again.as_slice());
    let reopened = open(again).unwrap().to_bytes();
    assert_eq!(bytes(), reopened.as_slice());
}

#[test]
fn corrupted_index_is_rejected_with_checksum_error() {
    let mut damaged = bytes().to_vec();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x10;
    assert!(matches!(
        open(damaged),
        Err(EngineError::Index(IndexError::Checksum { .. }))
    ));
}

#[test]
fn truncated_index_is_rejected_at_every_length() {
    let full = bytes();
    for len in 0..full.len() {
        let result = open(full[..len].to_vec());
        assert!(
            matches!(
                result,
                Err(EngineError::Index(
                    IndexError::Truncated { .. } | IndexError::BadMagic { .. }
                ))
            ),
            "length {len}: {:?}",
            result.err()
        );
    }
}

#[test]
fn wrong_magic_is_rejected() {
    let mut other = bytes().to_vec();
    other[..8].copy_from_slice(b"NOTANIDX");
    let message = open(other).unwrap_err().to_string();
    assert!(message.contains("not a toiawase index"), "{message}");
}

#[test]
fn future_format_version_is_rejected_with_both_versions() {
    let mut future = bytes().to_vec();
    future[8..12].copy_from_slice(&(toiawase::FORMAT_VERSION + 1).to_le_bytes());
    reseal(&mut future);
    match open(future) {
        Err(EngineError::Index(IndexError::UnsupportedVersion {
            found, supported, ..
        })) => {
            assert_eq!(found, supported + 1);
        }
        other => panic!("unexpected {:?}", other.err()),
    }
}

#[test]
fn index_from_a_different_dictionary_is_rejected() {
    // The fingerprint is the first field of the postcard payload (a varint). Change it
    // without changing its length, as a file written with another dictionary would have.
    let mut foreign = bytes().to_vec();
    let le = |at: usize| u64::from_le_bytes(foreign[at..at + 8].try_into().unwrap()) as usize;
    let payload = 40 + le(16) + le(24);
    foreign[payload] ^= 0x01;
    reseal(&mut foreign);
    let message = open(foreign).unwrap_err().to_string();
    assert!(message.contains("different system dictionary"), "{message}");
}

#[test]
fn failed_save_leaves_existing_target_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the index should go: the final rename must fail.
    let target = dir.path().join("faq.idx");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), "x").unwrap();
    let engine = open(bytes().to_vec()).unwrap();
    assert!(engine.save(&target).is_err());
    assert_eq!(std::fs::read_to_string(target.join("keep")).unwrap(), "x");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary file left behind");
}

#[test]
fn save_into_missing_folder_fails_with_the_path() {
    let engine = open(bytes().to_vec()).unwrap();
    let err = engine.save("/nonexistent-folder/faq.idx").unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent-folder/faq.idx"),
        "{err}"
    );
}

#[test]
fn saving_replaces_an_existing_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.idx");
    std::fs::write(&path, b"old").unwrap();
    open(bytes().to_vec()).unwrap().save(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes());
}

// ───────────────────────────── saving safely ─────────────────────────────

#[cfg(unix)]
#[test]
fn saving_over_an_index_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.idx");
    let engine = Engine::build(&corpus()).unwrap();
    for mode in [0o600, 0o640, 0o444] {
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        engine.save(&path).unwrap();
        let saved = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(saved, mode, "{mode:o}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_new_index_gets_the_permissions_any_new_file_gets() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.idx");
    Engine::build(&corpus()).unwrap().save(&path).unwrap();
    let plain = dir.path().join("plain");
    std::fs::File::create(&plain).unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode(&path) & 0o777, mode(&plain) & 0o777);
}

#[cfg(unix)]
#[test]
fn saving_never_writes_through_a_symlink_planted_in_the_folder() {
    // Before: the temporary file was `.toiawase-<pid>-<n>.tmp`, opened without exclusive
    // create, so a symlink planted under that name received the index bytes.
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, b"precious").unwrap();
    for call in 0..200 {
        let planted = dir
            .path()
            .join(format!(".toiawase-{}-{call}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, planted).unwrap();
    }
    let path = dir.path().join("faq.idx");
    Engine::build(&corpus()).unwrap().save(&path).unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(&path).unwrap(), bytes());
    assert!(!std::fs::symlink_metadata(&path).unwrap().is_symlink());
}

#[test]
fn resources_damaged_inside_an_index_are_reported_with_the_index_path() {
    let resources = toiawase::Resources::empty().with_user_dictionary("粗大ごみ,名詞,ソダイゴミ\n");
    let options = toiawase::EngineOptions::default().resources(resources);
    let mut bytes = Engine::build_with(&corpus(), &options).unwrap().to_bytes();
    // "粗大ごみ,名詞,ソダイゴミ" → "粗大ごみ;名詞,ソダイゴミ": two fields instead of three,
    // resealed so that only the resources are wrong.
    let line = "粗大ごみ,名詞".as_bytes();
    let at = bytes
        .windows(line.len())
        .position(|window| window == line)
        .unwrap();
    bytes[at + "粗大ごみ".len()] = b';';
    reseal(&mut bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.idx");
    std::fs::write(&path, &bytes).unwrap();
    let err = Engine::open(&path).unwrap_err();
    assert!(matches!(err, EngineError::IndexResources { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("damaged.idx") && message.contains("user_dictionary"),
        "{message}"
    );
}
