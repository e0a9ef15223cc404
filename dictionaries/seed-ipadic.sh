#!/usr/bin/env bash
# Make sure lindera's build cache holds IPADIC, so that building toiawase never downloads.
#
#   dictionaries/seed-ipadic.sh                              this checkout of toiawase
#   path/to/toiawase/dictionaries/seed-ipadic.sh --for-dependents [CRATE/Cargo.toml]
#                                                            a crate that depends on toiawase
#
# lindera's `embed-ipadic` feature downloads an IPADIC tarball in its build script; where only
# package registries are reachable that fails. This script instead takes the MeCab IPADIC
# source from Debian's `mecab-ipadic` package, converts it to UTF-8 and builds it with
# lindera's own DictionaryBuilder (dictionaries/ipadic-builder), for exactly the lindera
# version the crate being built resolves. A second run finds the cache and does nothing.
# Online users need none of this: lindera downloads into the same cache.
#
# For this checkout the cache is target/lindera-cache (set in .cargo/config.toml). Cargo
# never applies a dependency's .cargo/config.toml, so a crate that depends on toiawase needs
# its own setting: --for-dependents builds IPADIC into a user-level cache outside any
# target/ folder ($TOIAWASE_IPADIC_CACHE, or ${XDG_CACHE_HOME:-~/.cache}/toiawase/lindera),
# for the lindera version that crate's Cargo.lock holds, and prints the line to add to that
# crate's .cargo/config.toml. It works from a checkout, a path dependency or the packaged
# crate in ~/.cargo/registry (it writes nothing there: the builder compiles into
# $CARGO_TARGET_DIR when set, else next to the cache).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--for-dependents" ]; then
  manifest=$(cd "$(dirname "${2:-$PWD/Cargo.toml}")" && pwd)/$(basename "${2:-Cargo.toml}")
  if [ ! -f "$manifest" ]; then
    echo "seed-ipadic: $manifest not found (give the Cargo.toml of the crate that depends on toiawase)" >&2
    exit 2
  fi
  cache=${TOIAWASE_IPADIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/toiawase/lindera}
  builder_target=${CARGO_TARGET_DIR:-$(dirname "$cache")/ipadic-builder}
  lock="$(dirname "$manifest")/Cargo.lock"
  # The version must be the one the dependent crate resolves: lock it first.
  [ -f "$lock" ] || cargo generate-lockfile --quiet --manifest-path "$manifest"
  for_dependents=1
else
  manifest="$root/Cargo.toml"
  cache="$root/target/lindera-cache"   # keep in step with .cargo/config.toml
  builder_target=${CARGO_TARGET_DIR:-$root/target}/ipadic-builder
  lock="$root/Cargo.lock"
  for_dependents=0
fi

print_config() {
  if [ "$for_dependents" = 1 ]; then
    echo "seed-ipadic: IPADIC is ready in $cache"
    echo "Add these lines to .cargo/config.toml next to $(basename "$manifest") (create it if needed):"
    echo
    echo "[env]"
    echo "LINDERA_BUILD_DICTIONARY_CACHE_DIR = \"$cache\""
  fi
}

version=$(awk '/^name = "lindera-ipadic"$/ { getline; gsub(/[^0-9.]/, ""); print }' "$lock")
if [ -z "$version" ]; then
  echo "seed-ipadic: lindera-ipadic not found in $lock" >&2
  exit 1
fi
if compgen -G "$cache/$version-fmt*/lindera-ipadic/metadata.json" >/dev/null; then
  print_config
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "seed-ipadic: building IPADIC $version for lindera from Debian's mecab-ipadic (one time)" >&2
if ! (cd "$work" && apt-get download mecab-ipadic >/dev/null 2>&1); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    (cd "$work" && apt-get download mecab-ipadic >/dev/null)
  else
    echo "seed-ipadic: 'apt-get download mecab-ipadic' failed; run 'sudo apt-get update' first," >&2
    echo "            or build with network access and let lindera download IPADIC itself." >&2
    exit 1
  fi
fi
dpkg -x "$work"/mecab-ipadic_*.deb "$work/pkg"

source_dir="$work/ipadic-utf8"
mkdir -p "$source_dir"
for file in "$work"/pkg/usr/share/mecab/dic/ipadic/*; do
  case "$file" in
    *.csv | *.def) iconv -f EUC-JP -t UTF-8 "$file" >"$source_dir/$(basename "$file")" ;;
  esac
done

# The builder is compiled from a copy, so that nothing is written next to the sources.
builder="$work/ipadic-builder"
mkdir -p "$builder"
cp "$root/dictionaries/ipadic-builder/builder.toml" "$builder/Cargo.toml"
cp "$root/dictionaries/ipadic-builder/Cargo.lock" "$root/dictionaries/ipadic-builder/main.rs" "$builder/"
CARGO_TARGET_DIR="$builder_target" \
LINDERA_BUILD_DICTIONARY_CACHE_DIR="$cache" \
  cargo run --quiet --release --locked --manifest-path "$builder/Cargo.toml" -- \
  "$source_dir" "$manifest" >&2
print_config
