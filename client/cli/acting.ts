// How CLI commands reach the service layer: as whom (a token, or --as for the operator at the terminal),
// with which connections, and how a refusal is printed.
import os from 'node:os';
import { findLeader, missingDepartmentCodes } from '../../db/queries/departments';
import { DEFAULT_TASK_QUEUE } from '../../workflows/definitions';
import type { ServiceDeps } from '../service/deps';
import { ServiceError } from '../service/errors';
import type { Principal } from '../service/principal';
import { principalOfToken } from '../service/tokens';
import type { CliContext } from './context';
import { UsageError } from './output';

export interface ActingOptions {
  as?: string;
  token?: string;
}

export const AS_HELP = 'act as office (default), department:<code> or leader:<email>';
export const TOKEN_HELP = 'act as this API token (default: $DUBAN_TOKEN); overrides --as';

/** The principal a command acts as: the token's if one is given, else what --as names (checked). */
export async function actingPrincipal(ctx: CliContext, opts: ActingOptions): Promise<Principal> {
  const token = opts.token ?? process.env.DUBAN_TOKEN;
  if (token) {
    const p = await principalOfToken(ctx.db(), token);
    if (!p) throw new UsageError('the token is unknown or revoked');
    return p;
  }
  const label = `cli:${os.userInfo().username}`;
  const as = opts.as ?? 'office';
  if (as === 'office') return { role: 'office', label };
  const [role, who] = [as.slice(0, as.indexOf(':')), as.slice(as.indexOf(':') + 1)];
  if (role === 'department' && who) {
    if ((await missingDepartmentCodes(ctx.db(), [who])).length)
      throw new UsageError(`--as: no department '${who}'`);
    return { role: 'department', department: who, label: `${who} (${label})` };
  }
  if (role === 'leader' && who) {
    const leader = await findLeader(ctx.db(), who);
    if (!leader) throw new UsageError(`--as: no department has '${who}' as its leader in charge`);
    return { role: 'leader', leaderEmail: leader.email, label: leader.name ?? leader.email };
  }
  throw new UsageError(`--as must be office, department:<code> or leader:<email>, not '${as}'`);
}

export async function serviceDeps(ctx: CliContext): Promise<ServiceDeps> {
  return {
    db: ctx.db(),
    temporal: await ctx.temporal(),
    taskQueue: ctx.config().temporal.taskQueue ?? DEFAULT_TASK_QUEUE,
    clock: await ctx.clock(),
  };
}

/** Runs `fn`, turning a service refusal into one readable error: Chinese, English, field and code. */
export async function refusalsReadable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    const field = err.field ? ` [${err.field}]` : '';
    throw new Error(`${err.message}${field}\n  ${err.messageEn} (${err.code}, HTTP ${err.statusCode})`, {
      cause: err,
    });
  }
}
