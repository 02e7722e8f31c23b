import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export const operations = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		default: 'send',
		options: [
			{
				name: 'Send Message',
				value: 'send',
				action: 'Send a message to an agent',
				description: "Send a message to an agent and get its answer, in a new or an existing conversation",
			},
		],
	},
	...send.description,
];
