/** One server-sent event frame: the `event:` name (if any) and its `data:` text. */
export interface SseFrame {
	event?: string;
	data: string;
}

/**
 * Splits a byte stream into SSE frames. Frames may arrive split across chunks (and chunks may
 * hold many frames); the parser keeps only the unfinished frame's pieces and scans only new
 * text, so a huge frame costs linear time, not quadratic.
 */
export async function* readSseFrames(stream: AsyncIterable<Buffer | string>): AsyncGenerator<SseFrame> {
	const decoder = new TextDecoder();
	let pending: string[] = [];
	let pendingEndsWithNewline = false;
	const flush = () => {
		const frame = parseFrame(pending.join(''));
		pending = [];
		return frame;
	};
	for await (const chunk of stream) {
		// `\r` only ever ends lines in SSE (JSON escapes it), so dropping it normalises CRLF.
		const text = (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })).replace(/\r/g, '');
		let start = 0;
		if (pendingEndsWithNewline && text.startsWith('\n')) {
			// The blank line that ends the frame straddles two chunks.
			const frame = flush();
			if (frame) yield frame;
			start = 1;
		}
		let boundary = text.indexOf('\n\n', start);
		while (boundary !== -1) {
			pending.push(text.slice(start, boundary));
			const frame = flush();
			if (frame) yield frame;
			start = boundary + 2;
			boundary = text.indexOf('\n\n', start);
		}
		const rest = text.slice(start);
		if (rest) pending.push(rest);
		pendingEndsWithNewline = rest.endsWith('\n');
	}
	const last = flush();
	if (last) yield last;
}

function parseFrame(raw: string): SseFrame | undefined {
	const data: string[] = [];
	let event: string | undefined;
	for (const line of raw.split('\n')) {
		if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
		else if (line.startsWith('event:')) event = line.slice(6).trim();
	}
	if (!data.length && !event) return undefined;
	return { event, data: data.join('\n') };
}
