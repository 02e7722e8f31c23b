import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Field names `apiKey`, `workspaceId` and `region` (`US` / `EU`) match Dust's own n8n node,
 * so credentials created for it keep working here.
 */
export class DustApi implements ICredentialType {
	name = 'dustApi';

	displayName = 'Dust API';

	icon: Icon = { light: 'file:../nodes/Dust/dust.svg', dark: 'file:../nodes/Dust/dust.dark.svg' };

	documentationUrl = 'https://docs.dust.tt/reference/developer-platform';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk-...',
			description:
				'A Dust API key (Admin > Developers > API keys). Read-only keys can chat; agent update and delete need an Admin key.',
		},
		{
			displayName: 'Workspace ID',
			name: 'workspaceId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The workspace sId, the part after /w/ in a Dust URL (https://dust.tt/w/<workspaceId>/...)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'US (dust.tt)', value: 'US' },
				{ name: 'EU (eu.dust.tt)', value: 'EU' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'US',
			description:
				'Where the workspace lives. Keys are region-local: a key used against the other region is rejected as invalid.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://dust.example.com',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
			description: 'Root URL of a Dust-compatible API (a proxy, a self-hosted front, or a local test server)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /exists only checks the key against the workspace: cheapest call that proves all three fields.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : ($credentials.region === "EU" ? "https://eu.dust.tt" : "https://dust.tt")}}',
			url: '=/api/v1/w/{{$credentials.workspaceId}}/exists',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Dust refused the key for this workspace. Check the API key, the workspace ID, and the region: a key from the EU region is invalid on US (and vice versa).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: "This workspace's plan does not allow API access, or the key is disabled.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Workspace not found. Check the workspace ID and the region.',
				},
			},
		],
	};
}
