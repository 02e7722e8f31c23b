import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as exportYaml from './export.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as search from './search.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, export: exportYaml, get, getAll, search, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		default: 'getAll',
		options: [
			{ name: 'Create', value: 'create', action: 'Create an agent', description: 'Create an agent from fields or a JSON definition' },
			{ name: 'Delete', value: 'delete', action: 'Archive an agent', description: 'Archive an agent (Admin key)' },
			{ name: 'Export', value: 'export', action: 'Export an agent as YAML', description: "Get an agent's definition as YAML" },
			{ name: 'Get', value: 'get', action: 'Get an agent', description: 'Get an agent by ID or URL' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many agents', description: 'List the agents the key can see' },
			{ name: 'Search', value: 'search', action: 'Search agents by name', description: 'Find agents by name' },
			{ name: 'Update', value: 'update', action: 'Update an agent', description: "Change an agent's settings (Admin key)" },
		],
	},
	...create.description,
	...del.description,
	...exportYaml.description,
	...get.description,
	...getAll.description,
	...search.description,
	...update.description,
];
