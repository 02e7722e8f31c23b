#!/usr/bin/env node
/** Checks what `npm pack` would publish: only dist, README, LICENSE and package.json. */
const { execSync } = require('node:child_process');

const [pack] = JSON.parse(execSync('npm pack --dry-run --json --ignore-scripts', { encoding: 'utf8' }));
const files = pack.files.map((file) => file.path);
const allowed = (file) => file.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(file);
const unexpected = files.filter((file) => !allowed(file));
const required = ['package.json', 'README.md', 'LICENSE', 'dist/nodes/Dust/Dust.node.js', 'dist/credentials/DustApi.credentials.js', 'dist/nodes/Dust/dust.svg', 'dist/nodes/Dust/dust.dark.svg', 'dist/nodes/Dust/Dust.node.json'];
const missing = required.filter((file) => !files.includes(file));
if (unexpected.length || missing.length) {
	console.error(`Package contents are wrong.\nUnexpected: ${unexpected.join(', ') || 'none'}\nMissing: ${missing.join(', ') || 'none'}`);
	process.exit(1);
}
const pkg = require('../package.json');
if (Object.keys(pkg.dependencies ?? {}).length) {
	console.error(`package.json has runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')}`);
	process.exit(1);
}
console.log(`Package OK: ${files.length} files (${(pack.size / 1024).toFixed(1)} kB packed), no runtime dependencies.`);
