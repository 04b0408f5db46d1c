// 考核排名: departments by on-time reporting, on-time completion and escalation deductions, with the
// scoring rule spelled out and, for the office, a form to change it.
import { randomUUID } from 'node:crypto';
import type { Ranking, RankingRule } from '../../service/ranking';
import { RANKING_RULE_TEXT } from '../../service/ranking';
import { bar, tableHead } from '../components';
import type { WebContext } from '../context';
import { actionForm, field, type FormState } from '../form';
import { num, zhDate } from '../format';
import { html, type SafeHtml } from '../html';

const rate = (r: number | null) => (r === null ? '—' : `${num(Math.round(r * 1000) / 10)}%`);

export function rankingLive(ctx: WebContext, ranking: Ranking): SafeHtml {
  const mine = ctx.viewer.role === 'department' ? ctx.viewer.department : undefined;
  if (ranking.departments.length === 0) return html`<p class="empty">尚无可排名的单位。</p>`;
  const top = Math.max(...ranking.departments.map((d) => d.score), 1);
  return html`<p class="summary">统计截至督办日 ${zhDate(ranking.planNow)}，只计各单位牵头的任务。</p>
    <div class="table-wrap">
      <table class="table ranking">
        ${tableHead(['名次', '单位', '得分', '按时报送', '按时办结', '督办扣分', '牵头任务'])}
        <tbody>
          ${ranking.departments.map(
            (d) => html`<tr${d.code === mine ? html` class="mine"` : ''} data-dept="${d.code}">
      <td data-label="名次"><span class="rank rank-${Math.min(d.rank, 4)}">${d.rank}</span></td>
      <td data-label="单位"><b>${d.name}</b></td>
      <td data-label="得分" class="score"><b>${num(d.score)}</b>${bar((Math.max(0, d.score) / top) * 100, { tone: 'neutral', label: `得分${num(d.score)}` })}</td>
      <td data-label="按时报送">${rate(d.reporting.onTimeRate)} <span class="muted small">按时${d.reporting.onTime}·逾期${d.reporting.late}·未报${d.reporting.missing} / ${d.reporting.due}期 · ${num(d.reporting.points)}分</span></td>
      <td data-label="按时办结">${rate(d.completion.onTimeRate)} <span class="muted small">按时办结${d.completion.onTime}·逾期未办结${d.completion.overdueOpen} · ${num(d.completion.points)}分</span></td>
      <td data-label="督办扣分">${d.escalations.deduction > 0 ? html`<b class="minus">−${num(d.escalations.deduction)}</b>` : '0'} <span class="muted small">提醒${d.escalations.level1}·催办${d.escalations.level2}·督办${d.escalations.level3}·约谈${d.escalations.level4}</span></td>
      <td data-label="牵头任务">${d.tasks}</td>
    </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function ruleFacts(rule: RankingRule): SafeHtml {
  const d = rule.deductions;
  return html`<ul class="rule">
    <li>
      按时报送满分 <b>${num(rule.weights.reporting)}</b> 分，逾期报送按
      <b>${num(rule.lateReportCredit * 100)}%</b> 计分，未报送不得分；
    </li>
    <li>按时办结满分 <b>${num(rule.weights.completion)}</b> 分；</li>
    <li>
      督办扣分：每次提醒扣 <b>${num(d.level1)}</b> 分、催办 <b>${num(d.level2)}</b> 分、督办
      <b>${num(d.level3)}</b> 分、约谈 <b>${num(d.level4)}</b> 分，最多扣
      <b>${num(rule.maxDeduction)}</b> 分。
    </li>
  </ul>`;
}

function ruleForm(rule: RankingRule, st: FormState | undefined): SafeHtml {
  const f = 'rule';
  const n = (name: string, label: string, value: number, step = 'any') =>
    field(
      {
        form: f,
        name,
        label,
        type: 'number',
        value: String(value),
        attrs: { min: 0, step, inputmode: 'decimal' },
      },
      st,
    );
  return html`<details class="action" data-action="rule" ${st?.form === f ? html` open` : ''}>
    <summary>调整计分规则</summary>
    ${actionForm(
      { form: f, action: '/ranking/rule', submit: '保存规则', requestId: randomUUID() },
      st,
      html`<div class="grid-fields">
        ${n('weights.reporting', '按时报送满分', rule.weights.reporting)}
        ${n('weights.completion', '按时办结满分', rule.weights.completion)}
        ${n('lateReportCredit', '逾期报送得分比例（0–1）', rule.lateReportCredit)}
        ${n('maxDeduction', '扣分上限', rule.maxDeduction)}
        ${n('deductions.level1', '每次提醒扣分', rule.deductions.level1)}
        ${n('deductions.level2', '每次催办扣分', rule.deductions.level2)}
        ${n('deductions.level3', '每次督办扣分', rule.deductions.level3)}
        ${n('deductions.level4', '每次约谈扣分', rule.deductions.level4)}
      </div>`,
    )}
  </details>`;
}

export function rankingBody(
  ctx: WebContext,
  ranking: Ranking,
  live: SafeHtml,
  version: string,
  st?: FormState,
): SafeHtml {
  return html`<div class="page-head">
      <div>
        <h1>考核排名</h1>
        <p class="lede">按时报送、按时办结与督办扣分综合计分</p>
      </div>
    </div>
    <div class="live" data-live="/fragments/ranking" data-live-version="${version}">${live}</div>
    <section class="card" id="rule">
      <h2>计分规则</h2>
      ${ruleFacts(ranking.rule)}
      <p class="rule-text">${RANKING_RULE_TEXT.zh}</p>
      ${ctx.viewer.role === 'office' ? ruleForm(ranking.rule, st) : ''}
    </section>`;
}
