#!/usr/bin/env node
// Builds the native addon, toiawase.node, from the Rust sources in this folder: `npm install`
// runs it (there are no prebuilt binaries to download), and so does `npm run build`.
//
// With @napi-rs/cli installed (a development install: `npm install` in this folder) it runs
// `napi build --release`. Installed as a dependency of a bot, without development
// dependencies, it runs the same cargo build itself and copies the library into place
// (`TOIAWASE_BUILD=cargo` chooses that way in any case).
//
// Offline, lindera cannot download IPADIC: run `dictionaries/seed-ipadic.sh` in the
// repository once first. This script warns when the dictionary is not there yet.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const repository = path.resolve(here, '..', '..');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: here, stdio: 'inherit' });
  if (result.error) {
    console.error(`toiawase: cannot run ${command}: ${result.error.message}`);
    if (command === 'cargo') {
      console.error('toiawase: building the addon needs Rust (https://rustup.rs), 1.88 or later');
    }
    process.exit(1);
  }
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

/** Warns when lindera's cache has no IPADIC for the lindera-ipadic version of Cargo.lock. */
function checkDictionary() {
  const lock = fs.readFileSync(path.join(here, 'Cargo.lock'), 'utf8');
  const version = /name = "lindera-ipadic"\r?\nversion = "([^"]+)"/.exec(lock)?.[1];
  // The repository's .cargo/config.toml sets the cache to <repository>/target/lindera-cache.
  const cache =
    process.env.LINDERA_BUILD_DICTIONARY_CACHE_DIR ?? path.join(repository, 'target', 'lindera-cache');
  let seeded = false;
  try {
    seeded = fs
      .readdirSync(cache)
      .some((name) => name.startsWith(`${version}-fmt`) && fs.existsSync(path.join(cache, name, 'lindera-ipadic')));
  } catch {
    seeded = false;
  }
  if (!seeded) {
    console.warn(
      `toiawase: IPADIC ${version} is not in lindera's cache (${cache}); lindera will try to download it.\n` +
        `toiawase: offline, run ${path.join(repository, 'dictionaries', 'seed-ipadic.sh')} first.`,
    );
  }
}

function napiCli() {
  try {
    const manifest = require.resolve('@napi-rs/cli/package.json', { paths: [here] });
    const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.napi);
  } catch {
    return null;
  }
}

checkDictionary();
// CARGO_TARGET_DIR, when set, is where cargo (and so napi) builds.
const targetDir = path.resolve(here, process.env.CARGO_TARGET_DIR ?? 'target');
const cli = process.env.TOIAWASE_BUILD === 'cargo' ? null : napiCli();
if (cli) {
  // The type definitions are written by hand (index.d.ts); napi's generated ones go to the
  // target folder, where nothing reads them (napi takes the path relative to this folder).
  const dts = path.relative(here, path.join(targetDir, 'generated.d.ts'));
  run(process.execPath, [cli, 'build', '--release', '--dts', dts]);
} else {
  // As napi builds: for the host's triple named explicitly, so that both share target/.
  const host = /^host: (\S+)$/m.exec(spawnSync('rustc', ['-vV'], { encoding: 'utf8' }).stdout ?? '')?.[1];
  run('cargo', ['build', '--release', '--lib', ...(host ? ['--target', host] : [])]);
  const library = {
    darwin: 'libtoiawase_node.dylib',
    win32: 'toiawase_node.dll',
  }[process.platform] ?? 'libtoiawase_node.so';
  const built = path.join(targetDir, ...(host ? [host] : []), 'release', library);
  fs.copyFileSync(built, path.join(here, 'toiawase.node'));
}
