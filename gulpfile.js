// Copies what tsc does not: node and credential icons, and the codex JSON files.
const { src, dest } = require('gulp');

function copyStaticAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyStaticAssets;
