// What `duban up` prints once everything is up: where to look, and the demo tokens. URLs go through
// redactUrl: SMTP_URL and DATABASE_URL may carry passwords, and this text ends up in terminals and CI logs.
import { redactUrl } from '../../worker/redact';
import { planAt, planDate } from '../../workflows/clock';
import type { System } from './start-system';

export type BannerFacts = Pick<
  System,
  'clock' | 'databaseUrl' | 'temporalAddress' | 'temporalUiUrl' | 'mailUrl' | 'apiUrl' | 'tokens'
>;

/** The banner's text for `system` at real time `nowMs`. */
export function upBanner(system: BannerFacts, nowMs = Date.now()): string {
  const planToday = planDate(planAt(system.clock, nowMs));
  const lines = [
    '',
    'duban is up.',
    `  Temporal        ${system.temporalAddress}${system.temporalUiUrl ? `   (web UI ${system.temporalUiUrl})` : ''}`,
    `  Postgres        ${redactUrl(system.databaseUrl)}`,
    `  Mail (SMTP)     ${redactUrl(system.mailUrl)}`,
    `  Dashboard       ${system.apiUrl}/`,
    `  API             ${system.apiUrl}/api   (OpenAPI: ${system.apiUrl}/api/openapi.json)`,
    ...(system.tokens
      ? [
          `  Office token    ${system.tokens.office}`,
          `  Dept token      ${system.tokens.departments.jtj ?? Object.values(system.tokens.departments)[0]}   (交通运输局 jtj)`,
          '  Simulator       departments report, miss, extend and finish on their own (DUBAN_SIMULATE=false to stop)',
        ]
      : []),
    `  Plan clock      ${planToday} now; 1 real second = ${system.clock.speed} plan seconds${
      planToday > `${planDate(system.clock.planEpochMs).slice(0, 4)}-12-31`
        ? '   (the plan year is over: `up --fresh` replays it)'
        : ''
    }`,
    '  Try             npm run -s duban -- task show 2023-1-07 --format json',
    '',
  ];
  return lines.join('\n');
}
