import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as agent from './actions/agent/Agent.resource';
import { router } from './actions/router';
import { searchAgents } from './methods/listSearch';

export class Dust implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dust',
		name: 'dust',
		icon: { light: 'file:dust.svg', dark: 'file:dust.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Talk to Dust AI agents and manage them',
		defaults: { name: 'Dust' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dustApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Agent', value: 'agent' }],
				default: 'agent',
			},
			...agent.description,
		],
	};

	methods = { listSearch: { searchAgents } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
