// `token create | revoke | list`: API bearer tokens. A token is printed once, at creation; only its hash is kept.
import type { Command } from 'commander';
import type { ApiToken } from '../../../db/queries/api-tokens';
import { createToken, listTokens, revokeToken } from '../../service/tokens';
import { refusalsReadable } from '../acting';
import type { CliContext } from '../context';
import { parseFormat, print, table } from '../output';

const who = (t: ApiToken) =>
  t.role === 'department'
    ? `department ${t.department}`
    : t.role === 'leader'
      ? `leader ${t.leaderEmail}`
      : 'office';

export function registerTokenCommands(program: Command, ctx: CliContext): void {
  const token =
    program.commands.find((c) => c.name() === 'token') ?? program.command('token').description('API tokens');

  token
    .command('create')
    .description('create an API token and print it once')
    .requiredOption('--role <role>', 'office, department or leader')
    .option('--department <code>', 'the department of a department token (its own tasks: lead or co)')
    .option(
      '--leader <email>',
      'the leader in charge of a leader token (tasks led by departments with this leader_email)',
    )
    .option('--label <text>', 'a name for the trail and the list (default for leaders: their name)')
    .option('--format <format>', 'table or json', 'table')
    .action(
      async (opts: {
        role: string;
        department?: string;
        leader?: string;
        label?: string;
        format: string;
      }) => {
        const format = parseFormat(opts.format);
        const { token: secret, record } = await refusalsReadable(() =>
          createToken(ctx.db(), {
            role: opts.role,
            department: opts.department,
            leader: opts.leader,
            label: opts.label,
          }),
        );
        print(format, { ...record, token: secret }, () =>
          [
            `created ${record.id} (${who(record)}${record.label ? `, ${record.label}` : ''}).`,
            'Copy the token now: it is not shown again.',
            '',
            secret,
          ].join('\n'),
        );
      },
    );

  token
    .command('revoke <id>')
    .description('revoke a token at once (its next request is refused)')
    .action(async (id: string) => {
      if (!(await revokeToken(ctx.db(), id))) throw new Error(`no token ${id}`);
      process.stdout.write(`revoked ${id}\n`);
    });

  token
    .command('list')
    .description('every token, revoked ones included (never the token itself)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const tokens = await listTokens(ctx.db());
      print(format, tokens, () =>
        table(
          tokens.map((t) => ({
            id: t.id,
            role: t.role,
            scope: t.department ?? t.leaderEmail ?? '',
            label: t.label,
            created: t.createdAt.slice(0, 19),
            revoked: t.revokedAt?.slice(0, 19) ?? '',
          })),
          ['id', 'role', 'scope', 'label', 'created', 'revoked'],
        ),
      );
    });
}
