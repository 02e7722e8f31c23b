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
		displayOptions: { show: { resource: ['row'] } },
		default: 'upsert',
		options: [
			{ name: 'Create or Update', value: 'upsert', action: 'Create or update rows', description: 'Create a new record, or update the current one if it already exists (upsert)' },
			{ name: 'Delete', value: 'delete', action: 'Delete a row', description: 'Delete a row of a table' },
			{ name: 'Get', value: 'get', action: 'Get a row', description: 'Get a row by ID' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many rows', description: 'List the rows of a table' },
		],
	},
	...upsert.description,
	...del.description,
	...get.description,
	...getAll.description,
];
