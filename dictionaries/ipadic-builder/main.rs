//! Builds lindera's IPADIC from a local MeCab IPADIC source folder (UTF-8) into the folder
//! lindera's build script checks before downloading:
//! `$LINDERA_BUILD_DICTIONARY_CACHE_DIR/<lindera-ipadic version>-fmt<format>/lindera-ipadic/`.
//!
//! Usage: `ipadic-builder SOURCE_DIR WORKSPACE_MANIFEST`
//!
//! The lindera-ipadic version and its `metadata.json` come from `cargo metadata` on the
//! toiawase workspace, so the result matches exactly what toiawase compiles against.
//! The output is written to a temporary folder next to its destination and renamed into
//! place, so an interrupted build never leaves a half-written dictionary behind.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::{DICTIONARY_FORMAT_VERSION, Metadata};

/// The lindera-dictionary version this builder is compiled against (see Cargo.toml).
const BUILDER_LINDERA_VERSION: &str = "6.2.0";

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() {
    if let Err(err) = run() {
        eprintln!("ipadic-builder: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, source_dir, manifest] = args.as_slice() else {
        return Err("usage: ipadic-builder SOURCE_DIR WORKSPACE_MANIFEST".into());
    };
    let cache_dir = std::env::var_os("LINDERA_BUILD_DICTIONARY_CACHE_DIR")
        .ok_or("LINDERA_BUILD_DICTIONARY_CACHE_DIR is not set")?;

    let locked = locked_packages(Path::new(manifest))?;
    if locked.dictionary_version != BUILDER_LINDERA_VERSION {
        return Err(format!(
            "toiawase locks lindera-dictionary {}, but this builder uses {}; \
             update the version in dictionaries/ipadic-builder/Cargo.toml and main.rs",
            locked.dictionary_version, BUILDER_LINDERA_VERSION
        )
        .into());
    }

    let destination = PathBuf::from(cache_dir)
        .join(format!(
            "{}-fmt{}",
            locked.ipadic_version, DICTIONARY_FORMAT_VERSION
        ))
        .join("lindera-ipadic");
    if destination.join("metadata.json").is_file() {
        println!("IPADIC already built at {}", destination.display());
        return Ok(());
    }

    let metadata_bytes = fs::read(&locked.ipadic_metadata)
        .map_err(|err| format!("cannot read {}: {err}", locked.ipadic_metadata.display()))?;
    let metadata: Metadata = serde_json::from_slice(&metadata_bytes)
        .map_err(|err| format!("{}: {err}", locked.ipadic_metadata.display()))?;

    let parent = destination
        .parent()
        .ok_or("cache destination has no parent folder")?;
    fs::create_dir_all(parent)?;
    let staging = parent.join("lindera-ipadic.partial");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }

    let started = std::time::Instant::now();
    DictionaryBuilder::new(metadata)
        .build_dictionary(Path::new(source_dir), &staging)
        .map_err(|err| format!("building IPADIC from {source_dir} failed: {err}"))?;
    fs::rename(&staging, &destination)?;
    println!(
        "built IPADIC {} (format {}) in {:.1} s into {}",
        locked.ipadic_version,
        DICTIONARY_FORMAT_VERSION,
        started.elapsed().as_secs_f64(),
        destination.display()
    );
    Ok(())
}

/// What the toiawase workspace resolved for lindera's dictionary crates.
struct LockedPackages {
    ipadic_version: String,
    ipadic_metadata: PathBuf,
    dictionary_version: String,
}

fn locked_packages(manifest: &Path) -> Result<LockedPackages> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let packages = json["packages"]
        .as_array()
        .ok_or("cargo metadata printed no package list")?;
    let find = |name: &str| {
        packages
            .iter()
            .find(|package| package["name"] == name)
            .ok_or_else(|| format!("the workspace does not depend on {name}"))
    };
    let ipadic = find("lindera-ipadic")?;
    let dictionary = find("lindera-dictionary")?;
    let ipadic_manifest = ipadic["manifest_path"]
        .as_str()
        .ok_or("lindera-ipadic has no manifest path")?;
    Ok(LockedPackages {
        ipadic_version: ipadic["version"].as_str().unwrap_or_default().to_string(),
        ipadic_metadata: Path::new(ipadic_manifest)
            .with_file_name("metadata.json")
            .to_path_buf(),
        dictionary_version: dictionary["version"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    })
}
