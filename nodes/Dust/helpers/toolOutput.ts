import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Fields an AI agent needs from an answer: the text and the ids to continue, nothing more. */
const ANSWER_FIELDS = [
	'answer',
	'status',
	'conversationId',
	'userMessageId',
	'agentMessageId',
	'pendingApproval',
	'pendingQuestion',
	'pendingAuthentication',
];
const AGENT_FIELDS = ['sId', 'name', 'description'];

function pick(json: IDataObject, keys: string[]): IDataObject {
	return Object.fromEntries(keys.filter((key) => json[key] !== undefined).map((key) => [key, json[key]]));
}

/**
 * When the node runs as an AI agent's tool, its output goes into the agent's context window:
 * keep answers and agent lists lean and drop binary data.
 */
export function leanToolOutput(item: INodeExecutionData): INodeExecutionData {
	const { json } = item;
	let lean = json;
	if ('answer' in json) lean = pick(json, ANSWER_FIELDS);
	else if (typeof json.sId === 'string' && typeof json.name === 'string') lean = pick(json, AGENT_FIELDS);
	return { json: lean, pairedItem: item.pairedItem };
}

/** n8n runs a `usableAsTool` node under a type name ending in "Tool" (dust → dustTool). */
export function isToolNode(type: string): boolean {
	return type.endsWith('Tool');
}
