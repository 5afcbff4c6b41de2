import type { ApiRecord } from '../api/types.ts';

export interface RecordOutcome {
  record: ApiRecord;
  error?: unknown;
}

/**
 * Runs one request per record, a few at a time (each record keeps its own If-Match, so one conflict
 * refuses that record only), and answers every record's outcome in the order given.
 */
export async function runPerRecord(records: ApiRecord[], request: (record: ApiRecord) => Promise<unknown>, onProgress: (done: number) => void, parallel = 4): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = new Array<RecordOutcome>(records.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < records.length) {
      const index = next++;
      const record = records[index] as ApiRecord;
      try {
        await request(record);
        outcomes[index] = { record };
      } catch (error) {
        outcomes[index] = { record, error };
      }
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, records.length) }, worker));
  return outcomes;
}
