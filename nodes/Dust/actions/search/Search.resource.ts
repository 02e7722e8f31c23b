import type { INodeProperties } from 'n8n-workflow';

import * as workspace from './workspace.operation';

export const operations = { workspace };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['search'] } },
		default: 'workspace',
		options: [
			{ name: 'Workspace Search', value: 'workspace', action: 'Search the workspace', description: 'Find documents, tables and folders by title across spaces' },
		],
	},
	...workspace.description,
];
