import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { parseDustResponse } from '../schemas/parse';
import { dustApiRequest } from './request';

const fileSchema = z
	.object({ sId: z.string(), uploadUrl: z.string().nullish(), status: z.string().nullish() })
	.passthrough();
const fileResponseSchema = z.object({ file: fileSchema }).passthrough();

export interface FileToUpload {
	fileName: string;
	contentType: string;
	data: Buffer;
	useCase?: 'conversation';
	useCaseMetadata?: IDataObject;
	itemIndex: number;
}

/** Builds a multipart body with the single `file` field Dust's upload URL expects. */
function multipartBody(file: FileToUpload): { body: Buffer; contentType: string } {
	const boundary = `----n8nDust${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const safeName = file.fileName.replace(/["\r\n]/g, '_');
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, file.data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Dust's two-step upload: POST /files declares the file and returns an upload URL, then the
 * bytes go as multipart (field `file`) by POST to that URL. Returns the ready file object.
 */
export async function uploadFile(this: IExecuteFunctions, file: FileToUpload): Promise<z.infer<typeof fileSchema>> {
	const declared = await dustApiRequest.call(this, {
		method: 'POST',
		path: '/files',
		body: {
			contentType: file.contentType,
			fileName: file.fileName,
			fileSize: file.data.length,
			useCase: file.useCase ?? 'conversation',
			...(file.useCaseMetadata ? { useCaseMetadata: file.useCaseMetadata } : {}),
		},
		action: `declare the file "${file.fileName}"`,
		itemIndex: file.itemIndex,
	});
	const { file: created } = parseDustResponse(this.getNode(), fileResponseSchema, declared, 'the file upload', file.itemIndex);
	// The upload URL points at the Dust API; keep only its path so it goes to the credential's host.
	const uploadPath = new URL(created.uploadUrl ?? `/api/v1/w/x/files/${created.sId}`, 'http://dust.invalid').pathname;
	const { body, contentType } = multipartBody(file);
	const uploaded = await dustApiRequest.call(this, {
		method: 'POST',
		path: uploadPath,
		absolutePath: true,
		body,
		headers: { 'Content-Type': contentType },
		action: `upload the file "${file.fileName}"`,
		itemIndex: file.itemIndex,
		timeoutMs: 120_000,
	});
	return parseDustResponse(this.getNode(), fileResponseSchema, uploaded, 'the uploaded file', file.itemIndex).file;
}
