import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What every operation file exports besides its description. */
export type OperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

export type ResourceOperations = Record<string, { execute: OperationExecute }>;
