// What a 督查通报 says, as data: every figure of one bulletin, computed as of its period's close from the event
// trail (never from "now": a bulletin drafted late still gives its period's figures). The drafter stores it as
// the draft's `figures`; the page, the .docx and the PDF render it; nothing else computes a bulletin's numbers.
import type { Light, LightReason, TaskStatus } from '../workflows/domain';

/** One bulletin's window: the plan month it reports on, from the previous bulletin's close to its own. */
export interface BulletinWindow {
  /** 'YYYY-MM': the month reported on. */
  period: string;
  /** Plan instant (ms) of the previous month's close, or the start of the plan year: events after it count. */
  opensAt: number;
  /** Plan instant (ms) of this month's close: events at or before it count. */
  closesAt: number;
}

/** 序时进度: ahead of, at, or behind the share of time elapsed (a running task's reported percent against it). */
export type Pace = 'ahead' | 'on_pace' | 'behind';

/** One task as its trail stood at an instant. */
export interface TaskAsOf {
  taskId: string;
  title: string;
  /** The lead department as of the instant (a reassignment moves it). */
  leadDepartment: string;
  /** undefined: not started by then (no `started` event at or before the instant). */
  status: TaskStatus | undefined;
  light: Light | null;
  lightReasons: LightReason[];
  percent: number;
  /** 序时进度 at the instant, for a running task; null otherwise. */
  expectedPercent: number | null;
  pace: Pace | null;
  /** 'YYYY-MM-DD', the deadline as of the instant (extensions and resumptions move it). */
  deadline: string | undefined;
}

export interface LightCounts {
  red: number;
  yellow: number;
  green: number;
  completed: number;
  cancelled: number;
  /** Not started by the close. */
  notStarted: number;
}

export interface UnitRow {
  code: string;
  name: string;
  /** Tasks the unit leads as of the close (cancelled ones left out). */
  tasks: number;
  /** The period's checkpoints of the unit's tasks as of the close. */
  reports: { due: number; onTime: number; late: number; missing: number };
  /** onTime ÷ due, null when nothing was due. */
  onTimeRate: number | null;
  /** Escalations of the unit's tasks in the window, by level (level 4 and above counted as 4). */
  escalations: [number, number, number, number];
  /** The ranking score (the office's ranking rule) as of this close, and its change since the previous close. */
  score: number;
  scoreChange: number;
}

export interface FlaggedItem {
  taskId: string;
  title: string;
  unit: string;
  unitName: string;
  light: 'red' | 'yellow';
  reasons: LightReason[];
  percent: number;
  expectedPercent: number | null;
}

export interface CompletedItem {
  taskId: string;
  title: string;
  unit: string;
  unitName: string;
  /** Plan instant of the approval (销号). */
  at: number;
  onTime: boolean;
}

export interface UnitMention {
  code: string;
  name: string;
  /** Why, in one Chinese sentence built from the figures (e.g. 「本期3项报送全部按时，无督办」). */
  because: string;
}

export interface BulletinFigures {
  window: BulletinWindow;
  /** Tasks of the plan year known when the bulletin was drafted. */
  totalTasks: number;
  lights: LightCounts;
  /** Running tasks by 序时进度 (超序时 / 达序时 / 欠序时). */
  pace: { ahead: number; onPace: number; behind: number };
  /** The period's checkpoints, all units: due, and how they came in as of the close. */
  reporting: { due: number; onTime: number; late: number; missing: number; onTimeRate: number | null };
  units: UnitRow[];
  /** Red items first, then yellow; by unit, then task id. */
  flagged: FlaggedItem[];
  /** Tasks approved (销号) inside the window. */
  completed: CompletedItem[];
  /** The stated rule's lists; the office may edit them before issuing (the draft keeps these as computed). */
  praise: UnitMention[];
  criticism: UnitMention[];
  /** For the chart: the lights at each month's close of the year so far, this one last. */
  lightsByMonth: Array<{ period: string; lights: LightCounts }>;
  /** Tasks whose workflow had not reached the close when the draft stopped waiting for them (absent: none). */
  lagging?: string[];
}
