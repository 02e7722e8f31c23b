import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Wraps plain objects as n8n items (pairedItem is added by the router). */
export function toItems(data: object | object[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json: json as IDataObject }));
}

/** Applies Return All / Limit to a list Dust returns whole. */
export function applyLimit<T>(this: IExecuteFunctions, list: T[], itemIndex: number): T[] {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return list;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	return list.slice(0, limit);
}
