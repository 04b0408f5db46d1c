// Creating, resolving and revoking API tokens. Tokens are 256 random bits; only their SHA-256 is stored
// (a slow hash adds nothing for values that cannot be guessed).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect';
import {
  findActiveToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiToken,
} from '../../db/queries/api-tokens';
import { findLeader, missingDepartmentCodes } from '../../db/queries/departments';
import { ServiceError } from './errors';
import type { Principal, Role } from './principal';
import { ROLES } from './principal';
import { clean, DEPARTMENT_CODE } from './schemas';

const PREFIX = 'dbn_';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface CreateTokenInput {
  role: string;
  department?: string;
  leader?: string;
  label?: string;
}

const bad = (zh: string, en: string, field: string) => new ServiceError('bad_request', zh, en, field);

/** Creates a token; returns it in clear once (never stored) with its record. */
export async function createToken(
  db: Db,
  input: CreateTokenInput,
): Promise<{ token: string; record: ApiToken }> {
  if (!ROLES.includes(input.role as Role))
    throw bad(
      '角色（role）必须是 office、department 或 leader',
      'role must be office, department or leader',
      'role',
    );
  const role = input.role as Role;
  if (input.label !== undefined && (input.label.length > 200 || !clean(input.label)))
    throw bad(
      '标签（label）只能填一行，不超过200个字符，不含控制字符或不可见字符',
      'label: one line of at most 200 characters, no control or invisible characters',
      'label',
    );
  let department: string | undefined;
  let leaderEmail: string | undefined;
  let label = input.label;
  if (role === 'department') {
    if (!input.department || !DEPARTMENT_CODE.test(input.department))
      throw bad(
        '部门令牌须指定单位代码（--department）',
        'a department token needs --department <code>',
        'department',
      );
    if ((await missingDepartmentCodes(db, [input.department])).length)
      throw new ServiceError(
        'invalid',
        `单位代码「${input.department}」不存在`,
        `no department '${input.department}'`,
        'department',
      );
    department = input.department;
  } else if (input.department !== undefined) {
    throw bad(
      '只有部门令牌可以指定单位（--department）',
      '--department applies to department tokens only',
      'department',
    );
  }
  if (role === 'leader') {
    if (!input.leader)
      throw bad('领导令牌须指定分管领导邮箱（--leader）', 'a leader token needs --leader <email>', 'leader');
    const leader = await findLeader(db, input.leader);
    if (!leader)
      throw new ServiceError(
        'invalid',
        `没有单位登记「${input.leader}」为分管领导`,
        `no department has '${input.leader}' as its leader in charge`,
        'leader',
      );
    leaderEmail = leader.email;
    label ??= leader.name;
  } else if (input.leader !== undefined) {
    throw bad('只有领导令牌可以指定分管领导（--leader）', '--leader applies to leader tokens only', 'leader');
  }
  const token = PREFIX + randomBytes(32).toString('base64url');
  const record = await insertApiToken(db, {
    id: `tok_${randomBytes(6).toString('hex')}`,
    tokenHash: hashToken(token),
    role,
    department,
    leaderEmail,
    label,
  });
  return { token, record };
}

/** The principal of a live token, or undefined (unknown, malformed or revoked). */
export async function principalOfToken(db: Db, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 100) return undefined;
  const t = await findActiveToken(db, hashToken(token));
  if (!t) return undefined;
  return {
    role: t.role,
    tokenId: t.id,
    department: t.department,
    leaderEmail: t.leaderEmail,
    label: t.label,
  };
}

export const revokeToken = (db: Db, id: string) => revokeApiToken(db, id);
export const listTokens = (db: Db) => listApiTokens(db);
