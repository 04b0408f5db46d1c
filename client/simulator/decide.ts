// What a simulated department (or the simulated office) does next with a task, given its state and the
// plan time. Pure: the same seed, state and time always give the same action, with the same request id.
import { planDate } from '../../workflows/clock';
import type { TaskView } from '../../db/task-view';
import { elapsedShare } from '../../workflows/rules/light';
import { acknowledgeAt, completionAt, extensionPlan, personaOf, reportAt, reportedPercent } from './personas';

const DAY = 86_400_000;

export interface SimAction {
  as: 'lead' | 'office';
  action: 'acknowledge' | 'progress' | 'extension-request' | 'completion' | 'review' | 'extension-decision';
  body: Record<string, unknown>;
  /** Deterministic, so a restarted simulator repeats instead of doubling. */
  requestId: string;
}

export function decide(seed: string, s: TaskView, now: number): SimAction | undefined {
  const id = s.taskId;
  const startedAt = Date.parse(s.startedAt);
  const deadlineAt = Date.parse(s.deadlineAt);
  const share = elapsedShare({ startedAt, deadlineAt }, now);
  const persona = personaOf(seed, id);
  const rid = (what: string) => `sim:${seed}:${id}:${what}`;

  if (s.status === 'assigned' && now >= acknowledgeAt(seed, id, startedAt, Date.parse(s.acknowledgeBy))) {
    return {
      as: 'lead',
      action: 'acknowledge',
      body: { note: '已签收，正在部署落实' },
      requestId: rid('ack'),
    };
  }
  if (s.status === 'completion_review' && s.completion && now >= Date.parse(s.completion.at) + 2 * DAY) {
    const rejectOnce = persona === 'early' && s.rejections === 0;
    return rejectOnce
      ? {
          as: 'office',
          action: 'review',
          body: { decision: 'reject', comment: '佐证材料不全，请补充验收报告后重新申请' },
          requestId: rid(`review:${s.rejections}`),
        }
      : {
          as: 'office',
          action: 'review',
          body: { decision: 'approve', grade: Date.parse(s.completion.at) < deadlineAt ? '优秀' : '合格' },
          requestId: rid(`review:${s.rejections}`),
        };
  }
  if (s.extensionRequest && now >= Date.parse(s.extensionRequest.at) + 2 * DAY) {
    return {
      as: 'office',
      action: 'extension-decision',
      body: { approve: true, comment: '同意延期，请抓紧推进' },
      requestId: rid('ext-decision'),
    };
  }
  if (s.status !== 'in_progress') return undefined;

  const open = s.checkpoints.find((c) => c.status === 'pending' || c.status === 'missing');
  const when = open
    ? reportAt(seed, id, {
        period: open.period,
        startsAt: Date.parse(open.startsAt),
        dueAt: Date.parse(open.dueAt),
      })
    : undefined;
  if (open && when !== undefined && now >= when) {
    const percent = Math.max(s.percent, reportedPercent(seed, id, share, open.period));
    return {
      as: 'lead',
      action: 'progress',
      body: {
        period: open.period,
        percent,
        values: s.targets
          .map((t) => ({ targetIdx: t.idx, value: Math.round(((t.value * percent) / 100) * 100) / 100 }))
          .filter((v) => v.value >= 0),
        narrative: `截至${planDate(now)}，任务总体完成${percent}%，各项指标按计划推进。`,
        problems: percent < share * 100 - 10 ? '项目前期手续办理较慢，进度滞后于序时进度。' : '',
        nextSteps: '加强调度，倒排工期，确保按期完成。',
      },
      requestId: rid(`report:${open.period}`),
    };
  }
  const plan = extensionPlan(startedAt, s.deadline);
  if (
    persona === 'extender' &&
    s.extensions.length === 0 &&
    now >= plan.at &&
    plan.newDeadline > s.deadline
  ) {
    return {
      as: 'lead',
      action: 'extension-request',
      body: { newDeadline: plan.newDeadline, reason: '受用地报批影响，项目无法按期完成，申请延期。' },
      requestId: rid('ext'),
    };
  }
  const done = completionAt(seed, id, startedAt, deadlineAt);
  const resubmitAfter = s.lastRejection ? Date.parse(s.lastRejection.at) + 10 * DAY : 0;
  if (done !== undefined && now >= Math.max(done, resubmitAfter)) {
    return {
      as: 'lead',
      action: 'completion',
      body: {
        summary: `${s.title}各项目标任务已完成，${s.rejections ? '已按要求补充验收材料。' : '申请办结销号。'}`,
      },
      requestId: rid(`completion:${s.rejections}`),
    };
  }
  return undefined;
}
