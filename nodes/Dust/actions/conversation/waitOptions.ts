import type { INodeProperties } from 'n8n-workflow';

/** Wait options of the operations that start an agent again (retry, edit, approve). */
export const waitOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 86400 },
			default: 600,
		},
		{
			displayName: 'Tool Approval',
			name: 'toolApproval',
			type: 'options',
			default: 'reject',
			options: [
				{ name: 'Approve', value: 'approve' },
				{ name: 'Reject', value: 'reject' },
				{ name: 'Stop and Return the Request', value: 'stop' },
			],
		},
		{
			displayName: 'Wait for the Answer',
			name: 'wait',
			type: 'boolean',
			default: true,
			description: 'Whether to wait for the agent to finish; off returns the IDs at once',
		},
	],
};
