import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { readItemBinary } from '../../helpers/binary';
import { callWithRateLimit, executionLimiter } from '../../helpers/rateLimiter';
import { fileSingleSchema, fileUploadUrlSchema } from '../../schemas/knowledge';
import { parseDustResponse } from '../../schemas/parse';
import { baseUrlOf, dustApiRequest, getDustCredentials } from '../../transport/request';

/** Dust: 40 upload URLs per minute per workspace (API.md §2.5). */
export const DUST_FILE_UPLOADS_PER_MINUTE = 40;

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to upload',
	},
	{
		displayName: 'Options',
		name: 'fileOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Conversation ID',
				name: 'conversationId',
				type: 'string',
				default: '',
				description: 'The conversation the file is for (optional)',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: "Name in Dust (defaults to the binary file's name)",
			},
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'e.g. application/pdf',
				description: "Type in Dust (defaults to the binary file's type)",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['upload'] } },
	properties,
);

/** multipart/form-data with the single `file` field Dust's upload URL reads. */
function multipartBody(data: Buffer, fileName: string, contentType: string): { body: Buffer; contentType: string } {
	const boundary = `----n8nDust${randomBytes(12).toString('hex')}`;
	const safeName = fileName.replace(/["\r\n]/g, '_');
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Two steps, as Dust's SDK does: POST /files for an upload URL, then POST the bytes (multipart,
 * field `file`) to it. The upload URL's path is sent to the credential's base URL, so the API key
 * only ever goes to the Dust host the user configured.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const options = this.getNodeParameter('fileOptions', i, {}) as IDataObject;
	const { binary, buffer } = await readItemBinary(this, i, property);
	const fileName = String(options.fileName ?? '').trim() || binary.fileName || `${property}.bin`;
	const contentType = (String(options.mimeType ?? '').trim() || binary.mimeType || 'application/octet-stream').split(';')[0];
	const request: IDataObject = { contentType, fileName, fileSize: buffer.length, useCase: 'conversation' };
	if (options.conversationId) request.useCaseMetadata = { conversationId: String(options.conversationId) };

	const limiter = executionLimiter(this, 'files', DUST_FILE_UPLOADS_PER_MINUTE);
	const { result: created } = await callWithRateLimit(this, limiter, async () =>
		await dustApiRequest.call(this, { method: 'POST', path: '/files', body: request, action: 'create the file upload', itemIndex: i }),
	);
	const { file } = parseDustResponse(this.getNode(), fileUploadUrlSchema, created, 'the file upload URL', i);

	let uploadPath: string;
	try {
		const url = new URL(file.uploadUrl, baseUrlOf(await getDustCredentials.call(this)));
		uploadPath = `${url.pathname}${url.search}`;
	} catch {
		throw new NodeOperationError(this.getNode(), `Dust returned an unusable upload URL: ${file.uploadUrl}`, { itemIndex: i });
	}
	const multipart = multipartBody(buffer, fileName, contentType);
	const uploaded = await dustApiRequest.call(this, {
		method: 'POST',
		path: uploadPath,
		absolutePath: true,
		body: multipart.body,
		headers: { 'Content-Type': multipart.contentType },
		timeoutMs: 300_000,
		action: 'upload the file',
		itemIndex: i,
		errorContext: { fileId: file.sId },
	});
	const ready = parseDustResponse(this.getNode(), fileSingleSchema, uploaded, 'the uploaded file', i);
	return [{ json: { fileId: ready.file.sId, ...ready.file } }];
}
