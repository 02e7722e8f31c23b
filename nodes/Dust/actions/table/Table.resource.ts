import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as upsert from './upsert.operation';

export const operations = { delete: del, get, getAll, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['table'] } },
		default: 'getAll',
		options: [
			{ name: 'Create or Update', value: 'upsert', action: 'Create or update a table', description: 'Create a new record, or update the current one if it already exists (upsert)' },
			{ name: 'Delete', value: 'delete', action: 'Delete a table', description: 'Delete a table and its rows' },
			{ name: 'Get', value: 'get', action: 'Get a table', description: 'Get a table and its schema' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many tables', description: 'List the tables of a data source' },
		],
	},
	...upsert.description,
	...del.description,
	...get.description,
	...getAll.description,
];
