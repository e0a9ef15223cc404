'use strict';
// What the test files share: the repository's paths and scratch folders. (`node --test`
// runs this file too; it holds no tests.)

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const packageDir = path.resolve(__dirname, '..');
const repository = path.resolve(packageDir, '..', '..');

/** The sample FAQ of the repository (109 entries of a fictional city). */
const sampleCorpus = path.join(repository, 'examples', 'municipal-faq.toml');

// Scratch folders of this test process, removed when it exits (one listener for all).
const scratch = [];
process.once('exit', () => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder, removed when the process exits. */
function scratchDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toiawase-node-'));
  scratch.push(dir);
  return dir;
}

/** Writes `text` to `name` in a new scratch folder and returns its path. */
function scratchFile(name, text) {
  const file = path.join(scratchDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

module.exports = { packageDir, repository, sampleCorpus, scratchDir, scratchFile };
