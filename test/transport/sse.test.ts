import { readSseFrames } from '../../nodes/Dust/transport/sse';

/** Feeds the bytes in the given pieces, as a socket would. */
async function framesOf(pieces: Array<Buffer | string>) {
	async function* stream() {
		for (const piece of pieces) yield typeof piece === 'string' ? Buffer.from(piece) : piece;
	}
	const frames = [];
	for await (const frame of readSseFrames(stream())) frames.push(frame);
	return frames;
}

describe('SSE frame reader', () => {
	const wire = 'event: dust-handshake\ndata: {}\n\ndata: {"eventId":"1-0","data":{"type":"generation_tokens","text":"héllo ✓"}}\n\ndata: done\n\n';
	const expected = [
		{ event: 'dust-handshake', data: '{}' },
		{ data: '{"eventId":"1-0","data":{"type":"generation_tokens","text":"héllo ✓"}}' },
		{ data: 'done' },
	];

	it('reads the same frames whatever the chunking, byte by byte included', async () => {
		const bytes = Buffer.from(wire);
		for (const size of [1, 2, 3, 7, 64, bytes.length]) {
			const pieces = [];
			for (let offset = 0; offset < bytes.length; offset += size) pieces.push(bytes.subarray(offset, offset + size));
			expect(await framesOf(pieces)).toEqual(expected);
		}
	});

	it('accepts CRLF line endings and a blank line split across chunks', async () => {
		expect(await framesOf(['data: a\r\n', '\r\ndata: b\r\n\r\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
		expect(await framesOf(['data: a\n', '\ndata: b\n', '\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
	});

	it('joins multi-line data and keeps a last frame without its blank line', async () => {
		expect(await framesOf(['data: one\ndata: two\n\ndata: tail'])).toEqual([{ data: 'one\ntwo' }, { data: 'tail' }]);
	});
});
