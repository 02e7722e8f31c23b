/** Content types Dust accepts for conversation files (API.md §4.6). */
const SUPPORTED_PREFIXES = ['text/', 'image/', 'audio/'];
const SUPPORTED_TYPES = new Set([
	'application/pdf',
	'application/json',
	'application/xml',
	'application/x-yaml',
	'application/msword',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.ms-powerpoint',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	'application/vnd.ms-excel',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/vnd.google-apps.document',
	'application/vnd.google-apps.spreadsheet',
	'application/vnd.google-apps.presentation',
	'message/rfc822',
]);

export function isSupportedFileType(contentType: string): boolean {
	const type = contentType.split(';')[0].trim().toLowerCase();
	return SUPPORTED_TYPES.has(type) || SUPPORTED_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/** Dust refuses inline content fragments over 512 kB. */
export const MAX_INLINE_FRAGMENT_BYTES = 512 * 1024;
