// The Chinese words for the engine's codes, in one place: the dashboard and the ledger export use them.
import {
  TOP_LEVEL,
  type LadderReason,
  type Light,
  type LightReason,
  type Recipient,
} from '../../workflows/domain';
import { STATUS_LABEL as WORKFLOW_STATUS } from '../../workflows/status';

export const STATUS_LABEL: Record<string, string> = { draft: '未启动', ...WORKFLOW_STATUS };

export const LIGHT_LABEL: Record<Light | 'none', string> = {
  red: '红灯',
  yellow: '黄灯',
  green: '绿灯',
  none: '未启动',
};

/** The escalation ladder in the spirit of the "13710" rule: 提醒, 催办, 督办, 约谈 (LEVEL in workflows/domain.ts). */
export const LEVEL_LABEL: Record<number, string> = {
  0: '未升级',
  1: '一级·提醒',
  2: '二级·催办',
  3: '三级·督办',
  4: '四级·约谈',
};
export const levelLabel = (level: number) => LEVEL_LABEL[Math.min(level, TOP_LEVEL)] ?? `${level}级`;

export const LIGHT_REASON_LABEL: Record<LightReason, string> = {
  overdue: '超过完成时限',
  escalated: '已升级督办',
  report_missing: '进度未按时报送',
  ack_overdue: '未按时签收',
  deadline_near: '临近完成时限',
  behind_schedule: '落后序时进度',
};

export const LADDER_REASON_LABEL: Record<LadderReason, string> = {
  ack: '签收',
  report: '进度报送',
  overdue: '逾期未办结',
};

export const RECIPIENT_LABEL: Record<Recipient, string> = {
  contact: '联络员',
  head: '单位负责人',
  leader: '分管领导',
  office: '督查室',
};

export const MAIL_STATUS_LABEL: Record<string, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
};

export const CHECKPOINT_STATUS_LABEL: Record<string, string> = {
  pending: '待报送',
  received: '按时报送',
  late: '逾期报送',
  missing: '未报送',
  waived: '免报',
};

export const ROLE_LABEL: Record<string, string> = {
  office: '督查室',
  department: '责任单位',
  leader: '分管领导',
  system: '系统',
};

export const CADENCE_LABEL: Record<string, string> = { monthly: '按月报送', quarterly: '按季报送' };

/** A report period as read aloud: 2023-03 → 2023年3月, 2023-Q1 → 2023年第一季度. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度`;
  return period;
}
