// The second kind's read model, for the runtime test: every batch its workflows write, in the order written,
// kept in the test's process (the test is about the runtime, not about Postgres).
import type { NoteEvent } from './workflow';

export interface NoteBatch {
  route: string;
  events: NoteEvent[];
  epoch?: number;
}

export function createNoteActivities(written: Map<string, NoteBatch[]>) {
  return {
    async recordNotes(batch: NoteBatch & { key: string }): Promise<void> {
      const { key, ...rest } = batch;
      written.set(key, [...(written.get(key) ?? []), rest]);
    },
  };
}
