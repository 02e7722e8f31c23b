import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A message or action id typed by the user: trimmed, non-empty, Dust's id characters only. */
export function readId(this: IExecuteFunctions, parameterName: string, label: string, i: number): string {
	const value = String(this.getNodeParameter(parameterName, i, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `${label} is empty`, {
			description: `Give the ${label.toLowerCase()} (an output field of the operation that created it).`,
			itemIndex: i,
		});
	}
	if (!/^[A-Za-z0-9_-]+$/.test(value)) {
		throw new NodeOperationError(this.getNode(), `${label} "${value}" is not a valid Dust ID`, {
			description: 'Dust IDs contain only letters, digits, "-" and "_".',
			itemIndex: i,
		});
	}
	return value;
}

export const conversationPath = (conversationId: string) =>
	`/assistant/conversations/${encodeURIComponent(conversationId)}`;

export const messagePath = (conversationId: string, messageId: string) =>
	`${conversationPath(conversationId)}/messages/${encodeURIComponent(messageId)}`;
