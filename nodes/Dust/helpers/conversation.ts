import type { AgentMessage, Conversation } from '../schemas/conversation';
import { agentMessageSchema } from '../schemas/conversation';

type ContentEntry = Conversation['content'][number][number];

/** The current messages: last version of each rank, empty ranks (compacted messages) skipped. */
export function currentMessages(conversation: Conversation): ContentEntry[] {
	return conversation.content.filter((versions) => versions.length > 0).map((versions) => versions[versions.length - 1]);
}

/** The agent message answering a user message (`parentMessageId`), in its latest version. */
export function findAgentAnswer(conversation: Conversation, userMessageId: string): AgentMessage | undefined {
	const entry = currentMessages(conversation).find(
		(message) => message.type === 'agent_message' && message.parentMessageId === userMessageId,
	);
	const parsed = agentMessageSchema.safeParse(entry);
	return parsed.success ? parsed.data : undefined;
}

/** An agent message by its sId, in whichever version it sits. */
export function findAgentMessage(conversation: Conversation, agentMessageId: string): AgentMessage | undefined {
	const entry = conversation.content.flat().find((message) => message.sId === agentMessageId);
	const parsed = agentMessageSchema.safeParse(entry);
	return parsed.success ? parsed.data : undefined;
}
