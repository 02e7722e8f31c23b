/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// isolatedModules: type-check with `tsc`, not in every test run (keeps `npm test` fast).
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 30000,
	// n8n-core leaves an internal timer running after executions; nothing of ours stays open.
	forceExit: true,
};
