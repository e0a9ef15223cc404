#!/usr/bin/env bash
# Make sure lindera's build cache holds IPADIC, so that building toiawase never downloads.
#
# lindera's `embed-ipadic` feature downloads an IPADIC tarball in its build script; where only
# package registries are reachable that fails. This script instead takes the MeCab IPADIC
# source from Debian's `mecab-ipadic` package, converts it to UTF-8 and builds it with
# lindera's own DictionaryBuilder (dictionaries/ipadic-builder). A second run finds the cache
# and does nothing. Online users need none of this: lindera downloads into the same cache.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/target/lindera-cache"   # keep in step with .cargo/config.toml
version=$(awk '/^name = "lindera-ipadic"$/ { getline; gsub(/[^0-9.]/, ""); print }' "$root/Cargo.lock")
if [ -z "$version" ]; then
  echo "seed-ipadic: lindera-ipadic not found in Cargo.lock" >&2
  exit 1
fi
if compgen -G "$cache/$version-fmt*/lindera-ipadic/metadata.json" >/dev/null; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "seed-ipadic: building IPADIC $version for lindera from Debian's mecab-ipadic (one time)"
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

CARGO_TARGET_DIR="$root/target/ipadic-builder" \
LINDERA_BUILD_DICTIONARY_CACHE_DIR="$cache" \
  cargo run --quiet --release --manifest-path "$root/dictionaries/ipadic-builder/Cargo.toml" -- \
  "$source_dir" "$root/Cargo.toml"
