import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isToolNode, leanToolOutput } from '../helpers/toolOutput';
import { resources } from './resources';

/** An error item keeps what the user needs to act: the message, how to fix it, and resume ids. */
function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const context = (error as NodeApiError).context ?? {};
	const json: JsonObject = { error: error.message };
	const description = (error as NodeApiError).description;
	if (description) json.errorDescription = description;
	if ((error as NodeApiError).httpCode) json.httpCode = (error as NodeApiError).httpCode;
	for (const key of ['dustErrorType', 'conversationId', 'userMessageId', 'agentMessageId', 'status']) {
		if (context[key] !== undefined) json[key] = context[key] as string;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/** Runs the chosen operation for every input item; one failing item fails the node unless continueOnFail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = resources[resource]?.operations[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}

	const asTool = isToolNode(this.getNode().type);
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const results = await run.execute.call(this, i);
			for (const result of results) {
				const item = { ...result, pairedItem: { item: i } };
				returnData.push(asTool ? leanToolOutput(item) : item);
			}
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push(errorItem(error as Error, i));
				continue;
			}
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= i;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			// Returns the same error when it already is a NodeOperationError.
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}
