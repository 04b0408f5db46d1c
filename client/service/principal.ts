// Who is calling: resolved from a bearer token (API) or named on the command line (CLI).
import type { Actor } from '../../workflows/domain';

export type Role = 'office' | 'department' | 'leader';
export const ROLES: readonly Role[] = ['office', 'department', 'leader'];

export interface Principal {
  role: Role;
  /** The token's id; absent for a CLI operator acting without a token. */
  tokenId?: string;
  /** The department's code, for the 'department' role. */
  department?: string;
  /** The leader in charge (departments.leader_email), for the 'leader' role. */
  leaderEmail?: string;
  /** A person's or a token's name, written into the trail. */
  label?: string;
}

/** The actor a workflow message carries for this principal. */
export function actorOf(p: Principal): Actor {
  const name = p.label ?? p.leaderEmail ?? p.department ?? p.role;
  return p.role === 'department' ? { role: p.role, department: p.department, name } : { role: p.role, name };
}
