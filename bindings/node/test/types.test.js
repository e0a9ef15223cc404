'use strict';
// index.d.ts: it compiles against a TypeScript bot's use of the API, and names the methods
// the Engine class has.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { Engine } = require('..');
const { packageDir } = require('./common');

test('a TypeScript bot using the API type-checks in strict mode', () => {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [packageDir] });
  // test/types/tsconfig.json: strict, no emit, Node's module resolution (`import … from "toiawase"`).
  const project = path.join(__dirname, 'types', 'tsconfig.json');
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: packageDir, stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc: ${err.stdout}${err.stderr}`);
  }
});

test('the declared methods are the methods Engine has', () => {
  const declarations = fs.readFileSync(path.join(packageDir, 'index.d.ts'), 'utf8');
  const body = declarations.slice(declarations.indexOf('export declare class Engine'));
  const declared = (pattern) => [...body.slice(0, body.indexOf('\n}')).matchAll(pattern)].map((m) => m[1]).sort();
  const statics = declared(/^ {2}static (\w+)\(/gm);
  const methods = declared(/^ {2}(?!static|private)(\w+)\(/gm);
  const own = (object) => Object.getOwnPropertyNames(object).filter((name) => typeof object[name] === 'function' && name !== 'constructor').sort();
  assert.deepEqual(statics, own(Engine));
  assert.deepEqual(methods, own(Engine.prototype));
});
