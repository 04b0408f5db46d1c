// Every rule the extractor applies to a report, in one place. Nothing here names a city, a project or a
// department: the words are the common vocabulary of Chinese government work reports (政府工作报告).
// Read this file top to bottom to know what `ledger extract` will and will not recognise.

/** Word lists are written space-separated; the extractor always tries the longer of two overlapping words first. */
const words = (list: string): readonly string[] => list.split(' ');

// ── Structure ─────────────────────────────────────────────────────────────────────────────────────────

/** A part heading of the whole report: "二、2023年目标任务和重点工作". */
export const PART_HEADING = /^[一二三四五六七八九十]+、/;

/** The part that holds the plan: its heading says one of these. The first 4-digit year in it is the plan year. */
export const PLAN_PART_TITLE = /目标任务|重点工作|重点任务|主要任务|工作任务|工作安排|工作部署/;

/** Sections of the plan part, tried in this order: "(一)…" (full-width brackets are normalised first), then "1.…". */
export const SECTION_MARKERS: readonly RegExp[] = [
  /^\(([一二三四五六七八九十]+)\)/,
  /^(\d{1,2})(?:[.、](?!\d)|\s)/,
];

/** Paragraph-level numbered items inside a section: "1.", "1、", "(1)", "①". Not used when "1." numbers sections. */
export const NUMBERED_ITEM = /^(?:\((\d{1,2})\)|(\d{1,2})[.、](?!\d)|([①-⑳]))/;

/** Ordinal items within running text: "一是…二是…", at the start of a sentence. */
export const ORDINAL_ITEM = /(^|[。;:!?\n])([一二三四五六七八九十]{1,3})是/g;

/** The sentence that lists the headline targets: "主要预期目标是:…". Clauses after the colon are one task each. */
export const HEADLINE_LEAD = /(主要预期目标|主要目标|预期目标)(?:是|为)?:/;

/**
 * A lead sentence (the short heading sentence that opens an item, "优化产业布局。", "注重规划引领,优化空间形态。")
 * has no figure, and is either one clause of at most LEAD_MAX_CHARS, or two short clauses of at most
 * LEAD_MAX_CLAUSE_CHARS each. Longer sentences are body text ("城市承载着人民群众对美好生活的向往。" is 17).
 */
export const LEAD_MIN_CHARS = 4;
export const LEAD_MAX_CHARS = 14;
export const LEAD_MAX_CLAUSE_CHARS = 8;

/**
 * Parallel actions (排比) — at least PARALLEL_MIN_RUN consecutive sentences opening with the same two
 * characters ("抢抓光电信息产业风口,…抢抓新能源产业风口,…") — are sub-items titled by their first clause.
 */
export const PARALLEL_MIN_RUN = 3;
export const PARALLEL_PREFIX_CHARS = 2;

/** Titles longer than this (e.g. the first clause of a long numbered item) are cut with "…". */
export const TITLE_MAX_CHARS = 24;

// ── Page breaks ───────────────────────────────────────────────────────────────────────────────────────

/** A line ending in one of these closes its paragraph; any other line that has punctuation was cut by a page break. */
export const PARAGRAPH_END = /[。!?:;”’」』)…]$/;

/** Lines that are only a page number ("- 12 -", "—3—", "12") are dropped. */
export const PAGE_NUMBER_LINE = /^[-—–\s]*\d{1,3}[-—–\s]*$/;

// ── Quantities ────────────────────────────────────────────────────────────────────────────────────────

/** Units kept as written, money included: 亿元 stays a unit (value 180, unit 亿元), it is how budgets are read. */
export const CURRENCY_UNITS = words('美元 元');

/** Magnitude words multiplied into the value when the unit is not money: 1.2万亩 → 12000 亩. */
export const MAGNITUDES: Readonly<Record<string, number>> = {
  千万: 1e7,
  百万: 1e6,
  万: 1e4,
  亿: 1e8,
  千: 1e3,
};

/** Count classifiers (量词): "55个城乡交通项目" puts the figure before the noun it counts. */
export const COUNT_UNITS = words(
  '个工作日 人次 个 家 条 座 所 项 处 台 套 辆 艘 户 人 名 件 栋 间 张 场 次 批 宗 只 棵 株 支 份',
);

/** Measures: the figure follows its noun ("新建配水管网200公里") or qualifies one ("110千伏输变电工程"). */
export const MEASURE_UNITS = words(
  '个百分点 百分点 % 平方公里 平方米 立方米 公顷 亩 公里 千米 千伏安 千伏 兆瓦 千瓦时 千瓦 吨 标箱 工作日 倍',
);

/** After the figure: "以上" and friends make the target a floor, "以下/以内" a ceiling; 左右 stays '='. */
export const AFTER_AT_LEAST = words('以上 多 余');
export const AFTER_AT_MOST = words('以下 以内');
export const AFTER_ABOUT = words('左右');

/** Before the figure (不超过 is tried before 超过 before 超). Stripped from the metric. */
export const BEFORE_AT_MOST = words(
  '不超过 不高于 控制在 低于 压缩至 压缩到 缩短至 缩短到 降至 降低到 降低至 下降到 下降至 减少到 减少至',
);
export const BEFORE_AT_LEAST = words('不少于 不低于 至少 超过 突破 超 逾');
export const BEFORE_REACH = words('提高到 提升到 提高至 提升至 增加到 增至 达到 达 为');

// Growth and decline words: one list with the rule that tells a stored growth target (workflows/rules/target-kind.ts).
export { DECLINE_WORDS, GROWTH_WORDS } from '../../workflows/rules/target-kind';

/** A clause with one of these is an aspiration: its targets are `tentative` (ranges are too). */
export const TENTATIVE_WORDS = words('力争 争取 力促 努力');

/** Range separators: "增长6%—7%", "6-7%". */
export const RANGE_SEPARATORS = '-—–~至';

/** Figures preceded by 第 are ranks, not targets; figures inside “…” or 《…》 are names ("“1+3”专项行动"). */
export const ORDINAL_PREFIX = '第';
export const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'],
  ['《', '》'],
  ['「', '」'],
  ['『', '』'],
];

/** A bare Chinese 一 counts nothing: "一批", "一口一策", "最后一公里" are idioms. */
export const IDIOMATIC_ONE = '一';

/** Enumerations are split here when each side has a figure of its own. */
export const ENUMERATION_SEPARATORS = /(、|以及|和|及)/;

/** "A和B分别提高到50%和60%": the metrics before 分别 pair with the figures after it. */
export const RESPECTIVELY = '分别';

/** Words opening a metric that add nothing to it (time words are read by the deadline rules instead). */
export const METRIC_NOISE_PREFIXES = words('全年 今年 年内 年底前 上半年 下半年 其中 同时 并 确保');
export const METRIC_NOISE_PATTERN = /^(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末)?前/;

/**
 * Action verbs (longest first where one is a prefix of another). They mark where a new action starts after
 * a figure ("投入30亿元 | 实施55个城乡交通项目"), and the verb that later items of an enumeration share
 * ("新增A 3家、B 15家" → 新增B).
 */
export const ACTION_VERBS = words(
  '新(扩)建 新签约 新培育 新开工 新认定 新增 新建 新上 改扩建 改建 扩建 建成 建设 完成 实施 投入 引进 招引 培育 创建 打造 推动 推进 实现 盘活 处置利用 处置 集聚 导入 布设 谋划 抓好 改造 开工 竣工 举办 整治 治理 修复 发放 安置 帮扶 开发 落地 吸引 带动 争创 打通 开展 建立 设立 增加 开通 铺设 种植 收储 出让 供应 征收 拆除 签约 启动 策划 储备 投用 投产 提级改造 用于',
);

// ── Deadlines ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * How a task's text moves its deadline from the end of the plan year; the latest one found wins.
 * `years` counts the plan year itself: "用3年时间" in a 2023 plan ends on 2025-12-31.
 */
export type DeadlineRule =
  | { pattern: RegExp; kind: 'years' }
  | { pattern: RegExp; kind: 'year' }
  | { pattern: RegExp; kind: 'month' }
  | { pattern: RegExp; kind: 'fixed'; month: number; day: number };

export const DEADLINE_RULES: readonly DeadlineRule[] = [
  { pattern: /用\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*年(?:左右)?(?:时间)?/g, kind: 'years' },
  { pattern: /(?<![0-9])([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*年(?:时间)?内/g, kind: 'years' },
  { pattern: /(?:到|至|于)\s*(\d{4})\s*年/g, kind: 'year' },
  { pattern: /(\d{4})\s*年(?:底|末)(?:前)?/g, kind: 'year' },
  { pattern: /(?<![0-9])([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:底|末)?前/g, kind: 'month' },
  { pattern: /上半年(?:前|内)?(?:完成|建成|投用|投产|实现)/g, kind: 'fixed', month: 6, day: 30 },
];
