// API bearer tokens: only a hash is stored; the token itself is shown once, when it is created.
import type { Db } from '../connect';

export type TokenRole = 'office' | 'department' | 'leader';

export interface ApiToken {
  id: string;
  role: TokenRole;
  department?: string;
  leaderEmail?: string;
  label?: string;
  createdAt: string;
  revokedAt?: string;
}

export interface NewApiToken {
  id: string;
  tokenHash: string;
  role: TokenRole;
  department?: string;
  leaderEmail?: string;
  label?: string;
}

type Row = {
  id: string;
  role: string;
  department_code: string | null;
  leader_email: string | null;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
};

const toToken = (r: Row): ApiToken => ({
  id: r.id,
  role: r.role as TokenRole,
  ...(r.department_code ? { department: r.department_code } : {}),
  ...(r.leader_email ? { leaderEmail: r.leader_email } : {}),
  ...(r.label ? { label: r.label } : {}),
  createdAt: r.created_at.toISOString(),
  ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
});

const columns = [
  'id',
  'role',
  'department_code',
  'leader_email',
  'label',
  'created_at',
  'revoked_at',
] as const;

export async function insertApiToken(db: Db, t: NewApiToken): Promise<ApiToken> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      token_hash: t.tokenHash,
      role: t.role,
      department_code: t.department ?? null,
      leader_email: t.leaderEmail ?? null,
      label: t.label ?? null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toToken(row);
}

/** The live (not revoked) token with this hash, if any. */
export async function findActiveToken(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(columns)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && toToken(row);
}

/** Revokes a token; false when there is no such token (revoking twice is fine). */
export async function revokeApiToken(db: Db, id: string): Promise<boolean> {
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) return true;
  const exists = await db.selectFrom('api_tokens').select('id').where('id', '=', id).executeTakeFirst();
  return exists !== undefined;
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(columns)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toToken);
}
