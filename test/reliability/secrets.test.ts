/**
 * "Never leak the API key into an error, log or output": a fake that echoes the Authorization
 * header back (in error messages, in a proxy's HTML page, in 200 JSON and text bodies) and a
 * representative set of operations, successful and failing. Every error (serialised, message,
 * description, stack) and every output item is searched for the key.
 */
import type { IDataObject } from 'n8n-workflow';

import { runDust, startFake, type RunResult } from '../helpers';
import { AGENTS_PATH, MESSAGE_POST, agentGet, agentList, chatSend, conversationGet, seedConversation, type Fake } from './helpers';

type Handler = (ctx: { req: { headers: Record<string, string | undefined> } } & IDataObject) => unknown;

/** Puts `handler(original)` in front of the fake's route for `method path` (first match wins). */
function wrapRoute(fake: Fake, method: string, path: string, wrap: (original: Handler) => Handler) {
	const route = fake.routes.find((candidate: { method: string; pattern: RegExp }) => candidate.method === method && candidate.pattern.test(path));
	fake.routes.unshift({ ...route, handler: wrap(route.handler) });
}

const echoOf = (ctx: { req: { headers: Record<string, string | undefined> } }) => `Authorization was "${ctx.req.headers.authorization}"`;

/** The key may appear in none of these places. */
function leaksOf(result: RunResult, secret: string): string[] {
	const { error } = result;
	const places: Record<string, unknown> = {
		errorJson: JSON.stringify(error ?? null),
		message: error?.message,
		description: error?.description,
		stack: error?.stack,
		context: JSON.stringify(error?.context ?? null),
		items: JSON.stringify(result.items),
	};
	return Object.entries(places)
		.filter(([, text]) => String(text ?? '').includes(secret))
		.map(([place]) => place);
}

describe('the API key never reaches an error or an output', () => {
	let fake: Fake;
	let key: string;
	let seed: Awaited<ReturnType<typeof seedConversation>>;

	beforeAll(async () => {
		fake = await startFake();
		key = fake.apiKey;
		seed = await seedConversation(fake, 'Secret question');
		const agentPath = `/api/v1/w/${fake.workspaceId}${AGENTS_PATH}/SupportBot1`;
		const conversationPath = `/api/v1/w/${fake.workspaceId}/assistant/conversations/${seed.conversationId}`;
		// 200 JSON bodies echoing the header in a field the node outputs.
		wrapRoute(fake, 'GET', agentPath, (original) => async (ctx) => {
			const result = (await original(ctx)) as { status: number; body: { agentConfiguration: IDataObject } };
			const body = JSON.parse(JSON.stringify(result.body));
			body.agentConfiguration.description = echoOf(ctx);
			body.agentConfiguration.debug = { headers: [echoOf(ctx)] };
			return { ...result, body };
		});
		wrapRoute(fake, 'GET', conversationPath, (original) => async (ctx) => {
			const result = (await original(ctx)) as { status: number; body: { conversation: IDataObject } };
			const body = JSON.parse(JSON.stringify(result.body));
			body.conversation.title = echoOf(ctx);
			return { ...result, body };
		});
		// A 200 text body (YAML export) echoing it.
		wrapRoute(fake, 'GET', `${agentPath}/export/yaml`, (original) => async (ctx) => {
			const result = (await original(ctx)) as { status: number; body: string };
			return { ...result, body: `${result.body}\n# ${echoOf(ctx)}\n` };
		});
		// Errors echoing it: a JSON envelope, and a proxy page on every retry of a read.
		wrapRoute(fake, 'POST', `/api/v1/w/${fake.workspaceId}/assistant/conversations/${seed.conversationId}/messages`, () => (ctx) => ({
			status: 400,
			body: { error: { type: 'invalid_request_error', message: `Refused: ${echoOf(ctx)}` } },
		}));
		wrapRoute(fake, 'GET', `/api/v1/w/${fake.workspaceId}${AGENTS_PATH}`, () => (ctx) => ({
			status: 502,
			body: `<html><body>502 Bad Gateway. ${echoOf(ctx)}</body></html>`,
			headers: { 'Content-Type': 'text/html', 'Retry-After': '0' },
		}));
		// Dust's own 401 with the header echoed (for a key it does not know).
		const authenticate = fake.authenticate.bind(fake);
		fake.authenticate = (req: { headers: Record<string, string | undefined> }, wId: string) => {
			const result = authenticate(req, wId);
			if ('status' in result) result.body.error.message += ` ${echoOf({ req })}`;
			return result;
		};
	});
	afterAll(async () => fake.stop());

	const scenarios: Array<[string, () => IDataObject, { revoked?: boolean }]> = [
		['agent get: 200 body echoing the header', () => agentGet, {}],
		['agent export: 200 YAML echoing the header', () => ({ resource: 'agent', operation: 'export', agentId: agentGet.agentId }), {}],
		['conversation get: 200 body echoing the header', () => conversationGet(seed.conversationId), {}],
		['agent list: proxy 502 page echoing the header, retried then failed', () => agentList, {}],
		['send message: 400 envelope echoing the header', () => chatSend('Leak?', {}, { conversationId: seed.conversationId }), {}],
		['chat send: connection reset after the message was received', () => chatSend('Reset after body'), {}],
		['agent get with a revoked key: 401 echoing the header', () => agentGet, { revoked: true }],
	];

	it.each(scenarios)('%s', async (_label, parameters, flags) => {
		if (_label.includes('reset after')) fake.injectFault({ method: 'POST', path: MESSAGE_POST, reset: 'after-body' });
		const secret = flags.revoked ? 'sk-test-revoked-9876543210' : key;
		const credentials = flags.revoked ? { ...fake.credentials(), apiKey: secret } : undefined;
		for (const continueOnFail of [false, true]) {
			const result = await runDust(fake, parameters(), { continueOnFail, credentials });
			// Something happened (an output or an error) and the key is in none of it.
			expect(result.items.length + (result.error ? 1 : 0)).toBeGreaterThan(0);
			expect(leaksOf(result, secret)).toEqual([]);
			// And the fake really did receive (and echo) the key: the test would catch a leak.
			expect(fake.requests.length).toBeGreaterThan(0);
		}
	});

	it('the echoed values are replaced, not dropped: the output says where the key was', async () => {
		const { json } = await runDust(fake, agentGet);
		expect(json[0].description).toBe('Authorization was "Bearer [redacted]"');
		const exported = await runDust(fake, { resource: 'agent', operation: 'export', agentId: agentGet.agentId });
		expect(exported.json[0].yaml).toContain('Bearer [redacted]');
	});
});
