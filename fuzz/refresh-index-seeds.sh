#!/bin/sh
# Recompiles the index seeds of open_index and open_index_resealed from
# fuzz/seeds/small-index.toml. Run it (from anywhere) whenever the index format or the
# dictionary fingerprint changes: stale seeds no longer open, and the index targets then
# only exercise the header checks (coverage drops to a few hundred edges).
set -eu
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
toiawase() { cargo run --quiet --release -- "$@"; }
toiawase compile $seeds/small-index.toml -o $seeds/open_index/small.idx
toiawase compile $seeds/small-index.toml --user-dictionary /dev/null --synonyms /dev/null \
    --stop-words /dev/null -o $seeds/open_index/bare.idx
toiawase compile $seeds/small-index.toml \
    --user-dictionary $seeds/mini-resources/user_dictionary.csv \
    --synonyms $seeds/mini-resources/synonyms.txt \
    --stop-words $seeds/mini-resources/stopwords.txt \
    -o $seeds/open_index/mini-resources.idx
cp $seeds/open_index/*.idx $seeds/open_index_resealed/
ls -l $seeds/open_index/*.idx
