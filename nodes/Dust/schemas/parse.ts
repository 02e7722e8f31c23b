import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';
import type { z } from 'zod';

/**
 * Checks a Dust response against the schema of what the node reads. Extra fields pass through
 * untouched (Dust adds fields often); a missing or mistyped field fails with a clear message.
 */
export function parseDustResponse<S extends z.ZodTypeAny>(
	node: INode,
	schema: S,
	body: unknown,
	what: string,
	itemIndex?: number,
): z.infer<S> {
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	const issues = result.error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
		.join('; ');
	throw new NodeApiError(node, { type: 'unexpected_response' } as JsonObject, {
		message: `Dust answered in an unexpected shape for ${what}`,
		description: `The node could not read: ${issues}. If the base URL points to a proxy, check that it forwards Dust responses unchanged.`,
		itemIndex,
	});
}
