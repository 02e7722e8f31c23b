import { z } from 'zod';

/** The fields of a (light) agent configuration that the node reads; everything else passes through. */
export const agentConfigurationSchema = z
	.object({
		sId: z.string(),
		name: z.string(),
		description: z.string().nullish(),
		status: z.string(),
		scope: z.string().nullish(),
		pictureUrl: z.string().nullish(),
	})
	.passthrough();

export type AgentConfiguration = z.infer<typeof agentConfigurationSchema>;

export const agentListSchema = z
	.object({ agentConfigurations: z.array(agentConfigurationSchema) })
	.passthrough();

export const agentSingleSchema = z
	.object({ agentConfiguration: agentConfigurationSchema })
	.passthrough();

export const agentWriteSchema = z
	.object({
		agentConfiguration: agentConfigurationSchema,
		skippedActions: z.array(z.object({ name: z.string(), reason: z.string() }).passthrough()).nullish(),
	})
	.passthrough();

export const successSchema = z.object({ success: z.boolean() }).passthrough();
