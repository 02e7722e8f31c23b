/**
 * Dust's official client (@dust-tt/client 1.2.8) is the judge of whether the fake speaks Dust:
 * its zod schemas of the public API parse every answer the fake gives here. When the SDK has no
 * method for an endpoint, its `request` plus the endpoint's exported response schema are used, as
 * its own methods do (`request` → `_resultFromResponse(schema)`).
 */
import { startFake } from '../helpers';

// The CommonJS build loads on Node 20 (the package asks for >= 24.16; nothing used here needs it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('@dust-tt/client');

type Fake = Awaited<ReturnType<typeof startFake>>;

interface Result<T> {
	isOk(): boolean;
	isErr(): boolean;
	value: T;
	error: { type: string; message: string };
}

/** The SDK's `request` arguments (path below /api/v1/w/{wId}/). */
interface RequestArgs {
	method: string;
	path: string;
	query?: URLSearchParams;
	body?: unknown;
}

const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {} };

describe('the fake Dust server, judged by @dust-tt/client 1.2.8', () => {
	let fake: Fake;
	beforeEach(async () => {
		fake = await startFake();
	});
	afterEach(async () => fake.stop());

	const client = (options: { admin?: boolean; apiKey?: string; workspaceId?: string } = {}) =>
		new sdk.DustAPI({
			baseUrl: fake.baseUrl,
			workspaceId: options.workspaceId ?? fake.workspaceId,
			apiKey: options.apiKey ?? (options.admin ? fake.adminApiKey : fake.apiKey),
			logger: quiet,
		});

	/** An endpoint the SDK has no method for, parsed with the SDK's schema for it. */
	async function call<T>(api: unknown, schemaName: string, args: RequestArgs): Promise<Result<T>> {
		const dust = api as { request(a: unknown): Promise<unknown>; _resultFromResponse(s: unknown, r: unknown): Promise<Result<T>> };
		expect(sdk[schemaName]).toBeDefined();
		return await dust._resultFromResponse(sdk[schemaName], await dust.request(args));
	}

	const ok = <T>(result: Result<T>): T => {
		if (result.isErr()) throw new Error(`SDK rejected the fake: ${JSON.stringify(result.error)}`);
		return result.value;
	};

	it('exists', async () => {
		expect(ok(await client().exists())).toBe(true);
	});

	it.each([undefined, 'all', 'published', 'global'])('getAgentConfigurations view=%s', async (view) => {
		const agents = ok<{ sId: string }[]>(await client().getAgentConfigurations({ view }));
		expect(agents.length).toBeGreaterThan(0);
		if (view === 'global') expect(agents.map((a) => a.sId)).toEqual(['dust']);
	});

	it('getAgentConfigurations with authors', async () => {
		const agents = ok<{ lastAuthors?: string[] }[]>(await client().getAgentConfigurations({ includes: ['authors'] }));
		expect(agents[0].lastAuthors).toEqual(['Alice']);
		expect(fake.requests.at(-1)?.query).toEqual({ withAuthors: 'true' });
	});

	it('search by name', async () => {
		const { agentConfigurations } = ok<{ agentConfigurations: { sId: string }[] }>(
			await call(client(), 'GetAgentConfigurationsResponseSchema', {
				method: 'GET',
				path: 'assistant/agent_configurations/search',
				query: new URLSearchParams({ q: 'sup' }),
			}),
		);
		expect(agentConfigurations.map((a) => a.sId)).toEqual(['SupportBot1']);
	});

	it.each(['light', 'full'])('get, variant %s', async (variant) => {
		const { agentConfiguration } = ok<{ agentConfiguration: { sId: string } }>(
			await call(client(), 'GetOrPatchAgentConfigurationResponseSchema', {
				method: 'GET',
				path: 'assistant/agent_configurations/SupportBot1',
				query: new URLSearchParams({ variant }),
			}),
		);
		expect(agentConfiguration.sId).toBe('SupportBot1');
	});

	it('import, with a skipped tool', async () => {
		const created = ok<{ agentConfiguration: { name: string }; skippedActions: unknown[] }>(
			await call(client(), 'ImportAgentConfigurationFromYAMLResponseSchema', {
				method: 'POST',
				path: 'assistant/agent_configurations/import',
				body: {
					agent: { handle: 'sdk-made', description: 'd', scope: 'visible', avatar_url: '', max_steps_per_run: 8, visualization_enabled: false },
					instructions: 'i',
					generation_settings: { model_id: 'claude-sonnet-4-5-20250929', provider_id: 'anthropic', temperature: 0.7 },
					tags: [],
					editors: [],
					toolset: [{ name: 'Search', description: 'd', type: 'MCP', configuration: {} }],
				},
			}),
		);
		expect(created.agentConfiguration.name).toBe('sdk-made');
		expect(created.skippedActions).toHaveLength(1);
	});

	it('patch and delete with an Admin key', async () => {
		const admin = client({ admin: true });
		const patched = ok<{ agentConfiguration: { instructions: string } }>(
			await call(admin, 'GetOrPatchAgentConfigurationResponseSchema', {
				method: 'PATCH',
				path: 'assistant/agent_configurations/SupportBot1',
				body: sdk.PatchAgentConfigurationRequestSchema.parse({ instructions: 'Be brief.' }),
			}),
		);
		expect(patched.agentConfiguration.instructions).toBe('Be brief.');
		const deleted = ok(
			await call(admin, 'DeleteAgentConfigurationResponseSchema', { method: 'DELETE', path: 'assistant/agent_configurations/DigestAgt1' }),
		);
		expect(deleted).toEqual({ success: true });
	});

	describe('errors parse as Dust API errors', () => {
		it.each([
			['invalid_api_key_error', () => client({ apiKey: 'sk-unknown' }).getAgentConfigurations({})],
			['workspace_auth_error', () => client({ workspaceId: 'wOther0000' }).getAgentConfigurations({})],
			[
				'workspace_auth_error',
				() => call(client(), 'DeleteAgentConfigurationResponseSchema', { method: 'DELETE', path: 'assistant/agent_configurations/DigestAgt1' }),
			],
			[
				'agent_configuration_not_found',
				() => call(client(), 'GetOrPatchAgentConfigurationResponseSchema', { method: 'GET', path: 'assistant/agent_configurations/Nope000000' }),
			],
		])('%s', async (type, request) => {
			const result: Result<unknown> = await request();
			expect(result.isErr()).toBe(true);
			expect(result.error.type).toBe(type);
			expect(typeof result.error.message).toBe('string');
		});
	});
});
