import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The binary property of an item, or an error that names the item and the properties it has. */
export function getItemBinary(ctx: IExecuteFunctions, itemIndex: number, propertyName: string): IBinaryData {
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex} has no binary property "${propertyName}"`, {
			description: available.length
				? `This item has the binary properties: ${available.join(', ')}. Put one of them in "Input Binary Field".`
				: 'This item carries no file. Read or download the file before this node (for example with Read/Write Files from Disk or HTTP Request), or check the name of the binary property.',
			itemIndex,
		});
	}
	return binary;
}

export async function readItemBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<{ binary: IBinaryData; buffer: Buffer }> {
	const binary = getItemBinary(ctx, itemIndex, propertyName);
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	return { binary, buffer };
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-yaml|yaml|x-ndjson|csv|javascript|x-sh|sql)|.*\+(json|xml)$)/;

/** Whether bytes of this MIME type can be read as UTF-8 text (documents are text in Dust). */
export function isTextMimeType(mimeType: string | undefined): boolean {
	return !!mimeType && TEXT_TYPES.test(mimeType.split(';')[0].trim().toLowerCase());
}
