import { Workflow, type IDataObject, type INodeType } from 'n8n-workflow';

import { DustApi } from '../../credentials/DustApi.credentials';
import { runDust, startFake } from '../helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { testCredential } = require('../harness/engine');

type Fake = Awaited<ReturnType<typeof startFake>>;

const credentialType = new DustApi();

/** Resolves a `={{$credentials...}}` value with n8n-workflow's expression engine, as RoutingNode does. */
function resolve(value: string, credentials: IDataObject): unknown {
	const node = { id: '1', name: 'Temp-Node', type: 'noOp', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const noOp = { description: { properties: [] } } as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => noOp, getByNameAndVersion: () => noOp, getKnownTypes: () => ({}) },
	});
	return workflow.expression.getParameterValue(value, null, 0, 0, node.name, [], 'internal', { $credentials: credentials });
}

const test = credentialType.test.request;
const keyData = { apiKey: 'sk-abc', workspaceId: 'wAbc123456' };

describe('DustApi credential', () => {
	describe('test request, resolved with n8n expressions', () => {
		it.each([
			['US', {}, 'https://dust.tt'],
			['EU', {}, 'https://eu.dust.tt'],
			['custom', { baseUrl: 'https://dust.example.com' }, 'https://dust.example.com'],
			['custom', { baseUrl: 'https://dust.example.com/proxy//' }, 'https://dust.example.com/proxy'],
		])('region %s %j → %s', (region, extra, baseURL) => {
			const credentials = { ...keyData, region, ...extra };
			expect(resolve(test.baseURL as string, credentials)).toBe(baseURL);
			expect(resolve(test.url as string, credentials)).toBe('/api/v1/w/wAbc123456/exists');
		});

		it('authenticates with a Bearer header', () => {
			const header = credentialType.authenticate.properties.headers?.Authorization as string;
			expect(resolve(header, { ...keyData, region: 'US' })).toBe('Bearer sk-abc');
		});
	});

	describe('test request sent to the fake as n8n CredentialsTester does', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startFake();
		});
		afterAll(async () => fake.stop());

		const check = (data: IDataObject) =>
			testCredential({ credentialTypes: { dustApi: credentialType }, typeName: 'dustApi', data }) as Promise<{
				status: string;
				message: string;
				httpCode?: string;
			}>;
		const rule = (status: number) => credentialType.test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === status);

		it('accepts a good key (custom base URL with a trailing slash)', async () => {
			const before = fake.requests.length;
			const result = await check({ ...fake.credentials(), baseUrl: `${fake.baseUrl}/` });
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			const request = fake.requests[before];
			expect(request.path).toBe(`/api/v1/w/${fake.workspaceId}/exists`);
			// The fake answers 200 only to `Bearer <a known key>`: the authenticate header was sent.
			expect(request.status).toBe(200);
		});

		it.each([
			['a bad key', { apiKey: 'sk-not-a-dust-key' }],
			['a key of another workspace', { workspaceId: 'wOther0000' }],
		])('fails with 401 for %s', async (_label, override) => {
			const result = await check({ ...fake.credentials(), ...override });
			expect(result.status).toBe('Error');
			expect(result.httpCode).toBe('401');
			expect(fake.requests.at(-1)?.status).toBe(401);
			// n8n-workflow 2.8 hides the original response from CredentialsTester (see testCredential),
			// so n8n shows its own 401 text; the rule below is what it would show otherwise.
			expect(result.message).toBe('Authorization failed - please check your credentials');
		});

		it('has a rule explaining a 401 by key, workspace and region', () => {
			expect(rule(401)?.properties.message).toMatch(/API key.*workspace ID.*region/);
			expect(rule(403)?.properties.message).toContain('plan');
			expect(rule(404)?.properties.message).toContain('Workspace not found');
		});
	});

	it('sends the key as a Bearer header on node calls', async () => {
		const fake = await startFake();
		try {
			const good = await runDust(fake, { resource: 'agent', operation: 'getAll', view: 'global', returnAll: true });
			expect(good.error).toBeUndefined();
			const bad = await runDust(
				fake,
				{ resource: 'agent', operation: 'getAll', view: 'global', returnAll: true },
				{ credentials: { ...fake.credentials(), apiKey: 'not-a-key' } },
			);
			// Without "sk-" the fake (like Dust) says the header is malformed: proof of what was sent.
			expect(bad.error?.context?.dustErrorType).toBe('malformed_authorization_header_error');
		} finally {
			await fake.stop();
		}
	});
});
