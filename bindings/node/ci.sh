#!/usr/bin/env bash
# CI for the Node package. Run from anywhere (CI runs it from the repository's root) after
# `dictionaries/seed-ipadic.sh`, which puts IPADIC where lindera's build looks for it.
#
#   bindings/node/ci.sh
#
# Installs the lockfile's packages and builds the addon (npm ci), checks the issue's one-liner
# and the ES module entry, runs the node --test suite (the LINE bot end to end against a local
# Messaging API stand-in on 127.0.0.1, and the TypeScript definitions in strict mode
# included), then fmt, clippy and the unit tests of the addon's Rust.
#
# CARGO_TARGET_DIR is honoured by every cargo step here (napi build included): point it at a
# kept folder to reuse compiled dependencies from one run to the next. All cargo steps use
# the release profile for the host's triple, as the addon's build does, so that they share
# its compiled dependencies.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "ci.sh: $*" >&2; exit 1; }

host=$(rustc -vV | sed -n 's/^host: //p')
[ -n "$host" ] || fail "cannot tell the host's triple from rustc -vV"

step "npm ci (builds the addon)"
start=$SECONDS
npm ci --no-audit --no-fund --foreground-scripts
echo "npm ci took $((SECONDS - start)) s"
[ -f toiawase.node ] || fail "npm ci left no toiawase.node"

step "the issue's one-liner prints answer"
decision=$(node -e "const {Engine}=require('./'); console.log(Engine.fromPath('../../examples/municipal-faq.toml').ask('じてんしゃ すてたい').decision)")
echo "$decision"
[ "$decision" = answer ] || fail "expected answer, got: $decision"

step "ES module entry"
esm=$(node --input-type=module -e "
import { Engine, LABEL_CHARS } from 'toiawase';
import toiawase from 'toiawase';
const engine = await Engine.fromPathAsync('../../examples/municipal-faq.toml');
const { decision, candidates } = engine.ask('じてんしゃ すてたい');
if (toiawase.Engine !== Engine || LABEL_CHARS !== 20) throw new Error('the ES module exports differ from CommonJS');
console.log(decision, candidates[0].id);
")
echo "$esm"
[ "$esm" = "answer jitensha" ] || fail "expected 'answer jitensha' from the ES module entry, got: $esm"

step "node --test (engine, errors, query log, TypeScript definitions, LINE bot end to end)"
node --test

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy -D warnings"
cargo clippy --release --target "$host" --all-targets --locked -- -D warnings

step "cargo test (the addon's unit tests)"
cargo test --release --target "$host" --locked

echo
echo "bindings/node/ci.sh: all passed"
