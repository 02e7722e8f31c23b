import type { INodeProperties } from 'n8n-workflow';

import * as sendEvent from './sendEvent.operation';

export const operations = { sendEvent };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['trigger'] } },
		default: 'sendEvent',
		options: [
			{ name: 'Send Event', value: 'sendEvent', action: 'Send an event to a webhook trigger', description: "Post a JSON event to a Dust webhook source to start agent triggers" },
		],
	},
	...sendEvent.description,
];
