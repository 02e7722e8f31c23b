// @ts-check
/**
 * The fake Dust server in its own process, driven by bench/run.js over IPC. Keeping it out of the
 * measured process means the node (or the raw-HTTP client) and the server do not share one event
 * loop or one heap: on a 2-core machine each gets a core, and the client's RSS is the client's.
 *
 * Messages: { id, cmd, ...args } → reply { id, ok, result | error }.
 *   latency {ms}            fake.state.latencyMs
 *   limits {limits}         merged into fake.state.limits (document upsert window...)
 *   script {agentId, script, answerBytes?, tokenBytes?}
 *                           fake.scriptAgent; answerBytes builds a large answer split into tokens
 *   reset                   forgets recorded requests (keeps the server's memory flat)
 *   stats {method, path}    requests matching: count by status, times of accepted ones
 */
const { FakeDust } = require('../test/fake-dust/server');

const fake = new FakeDust();

const handlers = {
	latency: ({ ms }) => {
		fake.state.latencyMs = ms;
	},
	limits: ({ limits }) => {
		Object.assign(fake.state.limits, limits);
	},
	script: ({ agentId, script, answerBytes, tokenBytes }) => {
		const full = { ...script };
		if (answerBytes) {
			const size = tokenBytes ?? 64 * 1024;
			const piece = 'lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(Math.ceil(size / 57)).slice(0, size);
			full.tokens = Array.from({ length: Math.ceil(answerBytes / size) }, () => piece);
			full.answer = full.tokens.join('');
		}
		/** @type {any} */ (fake).scriptAgent(agentId, full);
	},
	reset: () => {
		fake.requests.length = 0;
		fake.state.maxRunningAgents = 0;
	},
	stats: ({ method, path }) => {
		const matching = fake.requestsTo(method, path);
		const byStatus = {};
		for (const request of matching) byStatus[request.status] = (byStatus[request.status] ?? 0) + 1;
		return {
			count: matching.length,
			byStatus,
			acceptedAt: matching.filter((request) => request.status === 200).map((request) => request.at),
			maxRunningAgents: fake.state.maxRunningAgents ?? 0,
		};
	},
};

process.on('message', async (/** @type {any} */ message) => {
	try {
		const result = await handlers[message.cmd](message);
		process.send?.({ id: message.id, ok: true, result });
	} catch (error) {
		process.send?.({ id: message.id, ok: false, error: String(/** @type {any} */ (error)?.stack ?? error) });
	}
});
process.on('disconnect', () => fake.stop().finally(() => process.exit(0)));

fake.start().then(() => process.send?.({ ready: true, baseUrl: fake.baseUrl, credentials: fake.credentials() }));
