import type { IDataObject } from 'n8n-workflow';

import { locator, startFake } from '../helpers';

export type Fake = Awaited<ReturnType<typeof startFake>>;

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	status: number;
}

export const AGENT = 'SupportBot1';
export const AGENTS_PATH = '/assistant/agent_configurations';
/** The message POST of any conversation. */
export const MESSAGE_POST = /\/assistant\/conversations\/[^/]+\/messages$/;
/** The conversation create POST. */
export const CONVERSATION_POST = /\/assistant\/conversations$/;
/** The agent-message event streams, v1 and SSE pods. */
export const EVENTS = /\/messages\/[^/]+\/events$/;

/** A proxy may add Retry-After: 0 keeps retried cases fast (the backoff itself is tested once). */
export const NO_WAIT = { 'Retry-After': '0' };

/** Chat > Send (new conversation unless `conversationId` is given). */
export function chatSend(message: string, options: IDataObject = {}, extra: IDataObject = {}): IDataObject {
	return { resource: 'chat', operation: 'send', agentId: locator(AGENT, 'list'), message, conversationId: '', options, ...extra };
}

/** Conversation > Send Message into an existing conversation. */
export function sendMessage(conversationId: string, message: string, options: IDataObject = {}): IDataObject {
	return { resource: 'conversation', operation: 'sendMessage', conversationId: locator(conversationId), agentId: locator(AGENT), message, options };
}

export const agentGet = { resource: 'agent', operation: 'get', agentId: locator(AGENT), variant: 'light' };
export const agentList = { resource: 'agent', operation: 'getAll', view: 'all', returnAll: true };
export const conversationGet = (conversationId: string) => ({ resource: 'conversation', operation: 'get', conversationId: locator(conversationId) });
export const getAnswer = (conversationId: string, messageId: string, options: IDataObject = {}) => ({
	resource: 'conversation',
	operation: 'getAnswer',
	conversationId: locator(conversationId),
	messageId,
	options,
});

/** User messages with this exact text, over every conversation of the fake. */
export function userMessagesWith(fake: Fake, content: string): Array<{ sId: string; content: string }> {
	return fake.userMessages().filter((message: { content: string }) => message.content === content);
}

/** User messages of one conversation (current versions included). */
export function userMessagesIn(fake: Fake, conversationId: string): Array<{ sId: string; content: string }> {
	const conversation = fake.state.conversations.get(conversationId);
	if (!conversation) return [];
	return conversation.content.flat().filter((message: { type: string }) => message.type === 'user_message');
}

/** No conversation of the fake holds the same user text twice (the node never posts twice). */
export function expectNoDuplicateUserMessages(fake: Fake) {
	for (const conversation of fake.state.conversations.values()) {
		const texts = conversation.content.flat().filter((m: { type: string }) => m.type === 'user_message').map((m: { content: string }) => m.content);
		expect({ conversation: conversation.sId, texts }).toEqual({ conversation: conversation.sId, texts: [...new Set(texts)] });
	}
}

export function requestsSince(fake: Fake, mark: number): LoggedRequest[] {
	return fake.requests.slice(mark);
}

/** Seeds a conversation holding one answered exchange, without going through the node. */
export async function seedConversation(fake: Fake, text = 'Seed question'): Promise<{ conversationId: string; userMessageId: string; agentMessageId: string }> {
	const headers = { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' };
	const base = `${fake.baseUrl}/api/v1/w/${fake.workspaceId}/assistant/conversations`;
	const created = (await (await fetch(base, { method: 'POST', headers, body: '{}' })).json()) as { conversation: { sId: string } };
	const conversationId = created.conversation.sId as string;
	const posted = (await (
		await fetch(`${base}/${conversationId}/messages`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ content: text, mentions: [{ configurationId: AGENT }], context: { username: 'seed', timezone: 'UTC' }, blocking: true }),
		})
	).json()) as { message: { sId: string }; agentMessages: Array<{ sId: string }> };
	return { conversationId, userMessageId: posted.message.sId, agentMessageId: posted.agentMessages[0].sId };
}
