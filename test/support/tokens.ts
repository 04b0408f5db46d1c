// One token per role the access rules tell apart: the office, the task's lead and co departments, a
// department with nothing to do with it, and the leaders in charge of the lead and of the other department.
import { createToken } from '../../client/service/tokens';
import type { Db } from '../../db/connect';
import { CO, LEAD, OTHER } from './fixtures';

export async function issueTestTokens(db: Db) {
  const make = async (input: Parameters<typeof createToken>[1]) => (await createToken(db, input)).token;
  return {
    office: await make({ role: 'office', label: '督查室' }),
    lead: await make({ role: 'department', department: LEAD }),
    co: await make({ role: 'department', department: CO }),
    other: await make({ role: 'department', department: OTHER }),
    leader: await make({ role: 'leader', leader: `${LEAD}.leader@example.org` }),
    otherLeader: await make({ role: 'leader', leader: `${OTHER}.leader@example.org` }),
  };
}

export type TestTokens = Awaited<ReturnType<typeof issueTestTokens>>;
