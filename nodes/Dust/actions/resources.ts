import type { INodeProperties } from 'n8n-workflow';

import * as agent from './agent/Agent.resource';
import type { ResourceOperations } from './node.type';

interface Resource {
	displayName: string;
	description: string;
	operations: ResourceOperations;
	properties: INodeProperties[];
}

/**
 * Every resource of the node. Adding a resource means one folder under actions/ and one line
 * here; the node description and the router both read this list.
 */
export const resources: Record<string, Resource> = {
	agent: {
		displayName: 'Agent',
		description: 'List, find, create, update, archive and export agents',
		operations: agent.operations,
		properties: agent.description,
	},
};
