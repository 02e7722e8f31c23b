import { runDust, startFake } from '../helpers';

describe('agent resource through the n8n engine', () => {
	let fake: Awaited<ReturnType<typeof startFake>>;
	beforeAll(async () => {
		fake = await startFake();
	});
	afterAll(async () => fake.stop());

	it('lists agents with Return All off and a limit', async () => {
		const { json, error } = await runDust(fake, { resource: 'agent', operation: 'getAll', view: 'all', returnAll: false, limit: 2 });
		expect(error).toBeUndefined();
		expect(json).toHaveLength(2);
		expect(json[0]).toHaveProperty('sId');
		const [request] = fake.requestsTo('GET', '/assistant/agent_configurations');
		expect(request.path).toBe(`/api/v1/w/${fake.workspaceId}/assistant/agent_configurations`);
		expect(request.query.view).toBe('all');
	});
});
