// The model keys rows by their numeric id; the API answers global ids (src/model/global-id.ts).
import { fromGlobalId } from '../../../src/model/global-id.js';

/** The row a global id from a response names; throws on anything else (the server issued something unexpected). */
export function rowId(id: string): number {
  const parsed = fromGlobalId(id);
  if (parsed === null) throw new Error(`not a global id: ${id}`);
  return parsed.rowId;
}
