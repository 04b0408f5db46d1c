// A second kind of supervised work, written for the tests only: a note-taking item with reminders. It is its
// state, its two actions and its rules, wired to the shared runtime (workflows/runtime/supervised-run.ts) exactly
// as the task workflow is, and copies none of the runtime's plumbing: that is what the runtime test proves.
import {
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { Message, RequestSeen } from '../../../workflows/definitions';
import { refuse } from '../../../workflows/rules/validation-failure';
import { supervisedRun, type RunInput } from '../../../workflows/runtime/supervised-run';
import type { createNoteActivities } from './activities';

export interface NoteState {
  seq: number;
  requestIds: string[];
  open: boolean;
  notes: string[];
  /** How many of the input's reminder instants have rung. */
  reminded: number;
}

export interface NoteEvent {
  seq: number;
  type: 'opened' | 'noted' | 'reminded' | 'closed';
  text?: string;
}

export interface NoteInput extends RunInput<NoteState> {
  /** The item's name: its batches are filed under it. */
  key: string;
  /** Plan instants at which a reminder is due, ascending. */
  remindAt: number[];
}

export interface AddNote extends Message {
  text: string;
}
export const addNoteUpdate = defineUpdate<NoteState, [AddNote]>('addNote');
export const closeNoteUpdate = defineUpdate<NoteState, [Message]>('closeNote');
export const noteStateQuery = defineQuery<NoteState>('noteState');
export const noteRequestSeenQuery = defineQuery<RequestSeen, [Pick<Message, 'requestId' | 'idempotency'>]>(
  'noteRequestSeen',
);

type Activities = ReturnType<typeof createNoteActivities>;
const inTask = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds' });
const afterCommit = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export async function noteWorkflow(input: NoteInput): Promise<NoteState> {
  const rt = supervisedRun<NoteState, NoteEvent, NoteInput>(input);
  const state: NoteState = input.carried ?? { seq: 0, requestIds: [], open: true, notes: [], reminded: 0 };
  const emit = (type: NoteEvent['type'], text?: string) =>
    rt.recorded({ seq: ++state.seq, type, ...(text === undefined ? {} : { text }) });
  const open = (s: NoteState) => {
    if (!s.open) refuse('已关闭', { field: 'status', code: 'wrong_state' });
  };

  return rt.run({
    state,
    actions: [
      {
        update: addNoteUpdate,
        validate: (s, _now, m) => {
          open(s);
          if (!(m as AddNote).text) refuse('内容不能为空', { field: 'text', code: 'invalid' });
        },
        apply: (s, m) => {
          s.notes.push((m as AddNote).text);
          emit('noted', (m as AddNote).text);
        },
      },
      {
        update: closeNoteUpdate,
        validate: (s) => open(s),
        apply: (s) => {
          s.open = false;
          emit('closed');
        },
      },
    ],
    stateQuery: noteStateQuery,
    requestSeenQuery: noteRequestSeenQuery,
    record: (route, events, epoch) =>
      (route === 'in-task' ? inTask : afterCommit).recordNotes({ key: input.key, route, events, epoch }),
    continueAsNew: (next) => continueAsNew<typeof noteWorkflow>(next),
    rules: {
      closed: () => !state.open,
      applyTime: async () => {
        while (state.reminded < input.remindAt.length && input.remindAt[state.reminded]! <= rt.now()) {
          state.reminded += 1;
          emit('reminded');
        }
      },
      refresh: () => undefined,
      nextWake: () => input.remindAt[state.reminded],
      // This kind keeps no search attributes.
      indexKey: () => '',
      upsertIndex: () => undefined,
      initialIndexKey: '',
      open: () => emit('opened'),
    },
  });
}
