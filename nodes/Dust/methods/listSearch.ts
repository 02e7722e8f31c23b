import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { agentListSchema } from '../schemas/agent';
import { parseDustResponse } from '../schemas/parse';
import { baseUrlOf, dustApiRequest, getDustCredentials } from '../transport/request';

/** The agent picker: Dust's name search when the user types, the full list otherwise. */
export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const query = filter?.trim();
	const body = await dustApiRequest.call(this, {
		method: 'GET',
		path: query ? '/assistant/agent_configurations/search' : '/assistant/agent_configurations',
		qs: query ? { q: query } : { view: 'all' },
		action: 'list agents',
	});
	const { agentConfigurations } = parseDustResponse(this.getNode(), agentListSchema, body, 'the agent list');
	const credentials = await getDustCredentials.call(this);
	const base = `${baseUrlOf(credentials)}/w/${credentials.workspaceId}`;
	return {
		results: agentConfigurations
			.filter((agent) => agent.status === 'active')
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((agent) => ({
				name: agent.name,
				value: agent.sId,
				description: agent.description ?? undefined,
				url: `${base}/conversation/new?agent=${agent.sId}`,
			})),
	};
}
