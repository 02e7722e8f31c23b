import type { INodeProperties } from 'n8n-workflow';

/** Documents have caller-chosen ids: the key to upsert again, get or delete them. */
export const documentIdField: INodeProperties = {
	displayName: 'Document ID',
	name: 'documentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. ticket-4521',
	description: 'The ID of the document in the data source, chosen by you when upserting (upserting the same ID again replaces the document)',
};
