import type { INodeProperties } from 'n8n-workflow';

export const rowIdField: INodeProperties = {
	displayName: 'Row ID',
	name: 'rowId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. customer-42',
	description: 'The ID of the row in the table (upserting the same ID again replaces the row)',
};
