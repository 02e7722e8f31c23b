import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as upload from './upload.operation';

export const operations = { download, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		default: 'upload',
		options: [
			{ name: 'Download', value: 'download', action: 'Download a file', description: 'Get the bytes of a Dust file into a binary field' },
			{ name: 'Upload', value: 'upload', action: 'Upload a file', description: 'Upload a binary file to Dust and get its file ID' },
		],
	},
	...download.description,
	...upload.description,
];
