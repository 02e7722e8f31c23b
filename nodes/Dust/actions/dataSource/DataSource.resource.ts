import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as search from './search.operation';
import * as searchView from './searchView.operation';

export const operations = { getAll, search, searchView };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataSource'] } },
		default: 'search',
		options: [
			{ name: 'Get Many', value: 'getAll', action: 'Get many data sources', description: 'List the data sources of a space' },
			{ name: 'Search', value: 'search', action: 'Search a data source', description: 'Semantic search in a data source' },
			{ name: 'Search View', value: 'searchView', action: 'Search a data source view', description: 'Semantic search in a data source view' },
		],
	},
	...getAll.description,
	...search.description,
	...searchView.description,
];
