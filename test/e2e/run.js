'use strict';
// End-to-end checks with a real n8n 2.8.4 as the judge (node:test; run: node test/e2e/run.js).
//
//   node test/e2e/run.js [--tarball=PATH]     (or env DUST_E2E_TARBALL=PATH)
//   node test/e2e/run.js --pack-repo          (npm pack of this repo's built dist/, no scripts)
//
// 1. Probe: a tiny community package from fixtures/ (packed on the fly) proves the mechanics:
//    install into .n8n/nodes, credential import, `n8n execute`, error reporting, and a published
//    webhook workflow answering under `n8n start`.
// 2. Package under test: if a tarball (npm pack of this repo) is given, it is installed next to
//    the probe and must be loaded by n8n (its node and credential types are listed by n8n).
//
// Env: DUST_E2E_N8N_DIR (n8n install cache), DUST_E2E_KEEP=1 (keep the temp n8n user folder),
//      DUST_E2E_VERBOSE=1 (log each n8n command).

const assert = require('node:assert/strict');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { describe, it, before, after } = require('node:test');

const { ensureN8n } = require('./install-n8n');
const { createN8n } = require('./n8n');

const FIXTURES = path.join(__dirname, 'fixtures');
const PROBE_DIR = path.join(FIXTURES, 'n8n-nodes-e2e-probe');
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'workflows', file), 'utf8'));
const log = process.env.DUST_E2E_VERBOSE === '1' ? (m) => process.stderr.write(`${m}\n`) : () => {};

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function tarballArg() {
  const flag = process.argv.find((a) => a.startsWith('--tarball='));
  const value = flag ? flag.slice('--tarball='.length) : process.env.DUST_E2E_TARBALL;
  return value ? path.resolve(value) : null;
}

// `npm pack` of a package folder into destDir; returns the .tgz path. Scripts stay off: the
// repo's prepack would rebuild, so --pack-repo expects `npm run build` to have run already.
function pack(dir, destDir) {
  const res = spawnSync('npm', ['pack', dir, '--pack-destination', destDir, '--ignore-scripts', '--loglevel=error'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (res.status !== 0) throw new Error(`npm pack ${dir} failed: ${res.stderr}`);
  return path.join(destDir, res.stdout.trim().split('\n').pop());
}

// The `n8n` section (declared node and credential files) of an installed community package.
function declaredTypes(nodesDir, pkgName) {
  const pkg = JSON.parse(fs.readFileSync(path.join(nodesDir, 'node_modules', pkgName, 'package.json'), 'utf8'));
  return pkg.n8n ?? {};
}

const packRepo = process.argv.includes('--pack-repo');
let tarball = tarballArg();
if (tarball && !fs.existsSync(tarball)) {
  process.stderr.write(`tarball not found: ${tarball}\n`);
  process.exit(2);
}
if (packRepo && !tarball && !fs.existsSync(path.join(REPO_ROOT, 'dist'))) {
  process.stderr.write('--pack-repo: no dist/ in the repo; run `npm run build` first\n');
  process.exit(2);
}

// Outside the suite's timeout: a cold install takes minutes (and blocks: it is synchronous).
ensureN8n({ log: (m) => process.stderr.write(`${m}\n`) });

describe('n8n 2.8.4 end to end', { timeout: 20 * 60_000 }, () => {
  let n8n;
  let packDir;
  let packageUnderTest = null;

  before(async () => {
    n8n = await createN8n({ log });
    packDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dust-e2e-pack-'));
    await n8n.installPackage(pack(PROBE_DIR, packDir));
    if (packRepo && !tarball) tarball = pack(REPO_ROOT, packDir);
    if (tarball) {
      const before = new Set(await fsp.readdir(path.join(n8n.nodesDir, 'node_modules')));
      await n8n.installPackage(tarball);
      const added = (await fsp.readdir(path.join(n8n.nodesDir, 'node_modules'))).filter((n) => !before.has(n) && !n.startsWith('.'));
      packageUnderTest = added[0] ?? null;
    }
    await n8n.importCredentials(readJson('probe-credentials.json'));
    await n8n.importWorkflow(readJson('probe-manual.json'));
    await n8n.importWorkflow(readJson('probe-manual-fails.json'));
    await n8n.importWorkflow(readJson('probe-webhook.json'), { activate: true });
  });

  after(async () => {
    if (n8n) await n8n.cleanup();
    if (packDir) await fsp.rm(packDir, { recursive: true, force: true });
  });

  describe('n8n execute (CLI)', () => {
    it('runs a custom community node with an imported credential', async () => {
      const run = await n8n.executeWorkflow('e2eProbeManual01');
      assert.equal(run.ok, true, `execution failed: ${JSON.stringify(run.error)}`);
      assert.equal(run.exitCode, 0);
      assert.equal(run.status, 'success');
      const [item] = run.items('Probe');
      assert.equal(item.probe, true);
      assert.equal(item.echo, 'HELLO FROM N8N');
      assert.equal(item.token, 'probe-token-123', 'credential decrypted and passed to the node');
    });

    it("resolves an undeclared `zod` from n8n's own node_modules", async () => {
      const run = await n8n.executeWorkflow('e2eProbeManual01');
      const [item] = run.items('Probe');
      assert.ok(
        item.zodResolvedFrom.startsWith(path.join(n8n.n8nDir, 'node_modules') + path.sep),
        `zod came from ${item.zodResolvedFrom}`,
      );
    });

    it('reports a node error as a failed execution with the error message', async () => {
      const run = await n8n.executeWorkflow('e2eProbeFails001');
      assert.equal(run.ok, false);
      assert.equal(run.exitCode, 1);
      assert.equal(run.status, 'error');
      assert.match(JSON.stringify(run.error), /at least 1 character/);
      assert.equal(run.execution.data.resultData.lastNodeExecuted, 'Probe');
    });
  });

  describe('n8n start (webhooks)', () => {
    let baseUrl;
    before(async () => {
      ({ baseUrl } = await n8n.startN8n());
    });
    after(async () => {
      await n8n.stop();
    });

    it('answers a published webhook workflow through the custom node', async () => {
      const res = await fetch(`${baseUrl}/webhook/e2e-probe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'via webhook' }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      assert.equal(res.status, 200, body);
      const json = JSON.parse(body);
      assert.equal(json.echo, 'VIA WEBHOOK');
      assert.equal(json.token, 'probe-token-123');
    });

    it('lists the community node and credential types it loaded', async () => {
      const types = await n8n.loadedTypes();
      assert.ok(types.nodes.has('n8n-nodes-e2e-probe.e2eProbe'), 'probe node type loaded');
      assert.ok(types.credentials.has('e2eProbeApi'), 'probe credential type loaded');
      if (packageUnderTest) {
        const declared = declaredTypes(n8n.nodesDir, packageUnderTest);
        const nodeFiles = declared.nodes ?? [];
        assert.ok(nodeFiles.length > 0, `${packageUnderTest} declares no nodes`);
        const mine = [...types.nodes].filter((n) => n.startsWith(`${packageUnderTest}.`));
        log(`[e2e] ${packageUnderTest} node types loaded by n8n: ${mine.join(', ')}`);
        assert.ok(
          mine.length >= nodeFiles.length,
          `${packageUnderTest}: n8n loaded ${mine.join(', ') || 'no node'} for ${nodeFiles.length} declared node file(s)`,
        );
      }
    });
  });
});
