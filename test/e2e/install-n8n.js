'use strict';
// Installs a pinned n8n into a cache folder outside the repo, once; later runs reuse it.
//
// CLI:    node test/e2e/install-n8n.js          (prints the n8n bin path)
// Module: const { ensureN8n } = require('./install-n8n'); const { bin } = ensureN8n();
//
// Env: DUST_E2E_N8N_DIR overrides the install folder
//      (default ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-dust-platform/n8n-<version>).
//
// Why install scripts stay ON here (unlike the repo's .npmrc, which is not read in this folder):
// sqlite3@5.1.7 has no prebuilt binary reachable (its prebuild-install downloads from GitHub),
// so its install script falls back to node-gyp, which builds it from source against the local
// Node headers (~/.npmrc nodedir=/usr; python3, make, g++). Without scripts n8n cannot open its DB.
// Other native deps either ship their binaries inside the registry tarball or are optional.
//
// Measured here (2 cores, Node 20.20.2, npm 11.19): 7 min 02 s with an empty npm cache, 9 min 12 s
// in a second cold folder with a warm cache (the time is extraction + the sqlite3 build), 2090 packages,
// 2.3 GB; sqlite3 is built from source during that. A second run only checks the marker (~0 s).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

// DUST_E2E_N8N_VERSION: another n8n to try (the minimum-version check); 2.8.4 is what the suite pins.
const N8N_VERSION = process.env.DUST_E2E_N8N_VERSION || '2.8.4';
// n8n's own xlsx dependency points at a CDN tarball that is unreachable; the registry has 0.18.5.
const XLSX_VERSION = '0.18.5';
const MARKER = '.install-complete';
const INSTALL_TIMEOUT_MS = 45 * 60 * 1000;

function n8nDir() {
  if (process.env.DUST_E2E_N8N_DIR) return path.resolve(process.env.DUST_E2E_N8N_DIR);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'n8n-nodes-dust-platform', `n8n-${N8N_VERSION}`);
}

function paths(dir = n8nDir()) {
  return {
    dir,
    bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
    marker: path.join(dir, MARKER),
  };
}

function isInstalled(dir = n8nDir()) {
  const p = paths(dir);
  return fs.existsSync(p.marker) && fs.existsSync(p.bin);
}

function ensureN8n({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const p = paths();
  if (isInstalled(p.dir)) return p;

  fs.mkdirSync(p.dir, { recursive: true });
  const pkg = {
    name: 'n8n-e2e-host',
    private: true,
    description: `n8n ${N8N_VERSION} for the n8n-nodes-dust-platform e2e tests`,
    dependencies: { n8n: N8N_VERSION },
    overrides: { xlsx: XLSX_VERSION },
  };
  fs.writeFileSync(path.join(p.dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // A folder-local .npmrc so nothing from a surrounding project can switch scripts off.
  fs.writeFileSync(path.join(p.dir, '.npmrc'), 'ignore-scripts=false\nfund=false\naudit=false\n');

  log(`[e2e] installing n8n@${N8N_VERSION} into ${p.dir} (first run only, takes minutes)`);
  const started = Date.now();
  // Under `npm run`, npm exports the repo's config (npm_config_ignore_scripts=true, ...) to the
  // environment, where it would beat the folder's .npmrc: drop it, and force scripts on the CLI.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const res = spawnSync(
    'npm',
    ['install', '--ignore-scripts=false', '--no-audit', '--no-fund', '--omit=dev', '--loglevel=error'],
    { cwd: p.dir, stdio: ['ignore', 'inherit', 'inherit'], timeout: INSTALL_TIMEOUT_MS, env },
  );
  if (res.error) throw new Error(`npm install of n8n failed: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`npm install of n8n exited with ${res.status}`);
  if (!fs.existsSync(p.bin)) throw new Error(`n8n binary missing after install: ${p.bin}`);

  fs.writeFileSync(p.marker, `${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)}s\n`);
  log(`[e2e] n8n installed in ${Math.round((Date.now() - started) / 1000)}s`);
  return p;
}

module.exports = { N8N_VERSION, XLSX_VERSION, n8nDir, paths, isInstalled, ensureN8n };

if (require.main === module) {
  try {
    process.stdout.write(`${ensureN8n().bin}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
