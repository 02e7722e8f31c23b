/** One server-sent event frame: the `event:` name (if any) and its `data:` text. */
export interface SseFrame {
	event?: string;
	data: string;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into SSE frames. Frames may arrive split across chunks (and chunks may
 * hold many frames). The unfinished frame is kept as the raw chunks and decoded once when its
 * blank line arrives: each byte is scanned once, multi-byte characters split across chunks stay
 * whole, and a huge frame makes no garbage of per-chunk strings.
 */
export async function* readSseFrames(stream: AsyncIterable<Buffer | string>): AsyncGenerator<SseFrame> {
	let pending: Buffer[] = [];
	let pendingEndsWithNewline = false;
	const flush = () => {
		const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending);
		pending = [];
		return parseFrame(bytes.toString('utf8'));
	};
	for await (const raw of stream) {
		let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
		// `\r` only ever ends lines in SSE (JSON escapes it), so dropping it normalises CRLF.
		if (chunk.includes(CR)) chunk = Buffer.from(chunk.filter((byte) => byte !== CR));
		let start = 0;
		if (pendingEndsWithNewline && chunk[0] === LF) {
			// The blank line that ends the frame straddles two chunks.
			const frame = flush();
			if (frame) yield frame;
			start = 1;
		}
		let boundary = chunk.indexOf('\n\n', start);
		while (boundary !== -1) {
			pending.push(chunk.subarray(start, boundary));
			const frame = flush();
			if (frame) yield frame;
			start = boundary + 2;
			boundary = chunk.indexOf('\n\n', start);
		}
		const rest = chunk.subarray(start);
		if (rest.length) pending.push(rest);
		pendingEndsWithNewline = rest.length > 0 && rest[rest.length - 1] === LF;
	}
	if (pending.length) {
		const last = flush();
		if (last) yield last;
	}
}

function parseFrame(raw: string): SseFrame | undefined {
	// Dust's event frames are one `data:` line: no split and join of a possibly huge text.
	if (raw.startsWith('data:') && !raw.includes('\n')) return { data: raw.slice(raw.startsWith('data: ') ? 6 : 5) };
	const data: string[] = [];
	let event: string | undefined;
	for (const line of raw.split('\n')) {
		if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
		else if (line.startsWith('event:')) event = line.slice(6).trim();
	}
	if (!data.length && !event) return undefined;
	return { event, data: data.join('\n') };
}
