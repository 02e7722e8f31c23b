#!/usr/bin/env node
/**
 * The npm registry reachable here serves the optional native binaries of this platform only
 * (e.g. @unrs/resolver-binding-linux-x64-gnu, not the darwin or win32 ones), so `npm install`
 * writes a lockfile without them and `npm ci` then calls it out of sync. This adds the missing
 * entries (version, os, cpu, libc; npm skips them on other platforms). Run it after any
 * `npm install` that rewrites package-lock.json: `node scripts/complete-lockfile.js package-lock.json`.
 */
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
	for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
		const base = path ? `${path}/node_modules/` : 'node_modules/';
		const candidates = [`${base}${name}`, `node_modules/${name}`];
		if (candidates.some((c) => pkgs[c])) continue;
		const parts = name.split('/').pop().split('-');
		const os = parts.find((p) => OS.includes(p));
		const cpu = parts.find((p) => CPU.includes(p));
		if (!os || !cpu) { console.error('skip (not a platform package):', name); continue; }
		const entry = { version: range.replace(/^[\^~]/, ''), cpu: [cpu], optional: true, os: [os] };
		if (meta.dev) entry.dev = true;
		if (parts.includes('gnu') || parts.includes('gnueabihf')) entry.libc = ['glibc'];
		if (parts.includes('musl') || parts.includes('musleabihf')) entry.libc = ['musl'];
		pkgs[`node_modules/${name}`] = entry;
		added++;
	}
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
