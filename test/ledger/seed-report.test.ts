// The 2023 Nan'an report: the figures the issue pins, and the committed ledger being the extractor's output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { applyAssignments, extractLedger, parseAssignments, parseDepartments } from '../../client/ledger';
import type { LedgerTask } from '../../client/ledger';

const seeds = path.join(__dirname, '../../seeds');
const read = (file: string) => readFileSync(path.join(seeds, file), 'utf8');
const tasks = extractLedger(read('nanan-2023-government-work-report.txt'));
const targets = tasks.flatMap((t) => t.targets.map((g) => ({ ...g, taskId: t.id })));
const find = (metric: string) => {
  const found = targets.filter((t) => t.metric.includes(metric));
  expect(found).toHaveLength(1);
  return found[0]!;
};

test('every task and target of the plan part', () => {
  expect(tasks.length).toBeGreaterThanOrEqual(40);
  // The copy of the report stops inside section (四): these are all the figures its plan part has.
  expect(targets).toHaveLength(49);
  expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
});

test('the pinned figures', () => {
  expect(find('5G基站')).toMatchObject({ value: 1500, unit: '个', comparator: '=', kind: 'absolute' });
  expect(find('公共充电桩')).toMatchObject({ value: 300, unit: '个', comparator: '≥' });
  expect(find('新签约20亿元以上大项目')).toMatchObject({ value: 20, unit: '个', comparator: '≥' });
  expect(find('技改投资')).toMatchObject({ value: 180, unit: '亿元', comparator: '≥' });
  expect(find('高新技术企业')).toMatchObject({ value: 50, unit: '家', comparator: '=' });
  expect(find('外贸进出口总额')).toMatchObject({ value: 230, unit: '亿元', comparator: '≥' });
  expect(find('电子信息产业产值')).toMatchObject({ value: 30, unit: '%', comparator: '≥', kind: 'growth' });
  // 140万平方米: 万 is folded into the value.
  expect(find('标准厂房')).toMatchObject({ value: 1_400_000, unit: '平方米', comparator: '≥' });
  expect(find('地区生产总值增长')).toMatchObject({ value: 6.5, unit: '%', comparator: '=', kind: 'growth' });
  expect(find('人才总量')).toMatchObject({ value: 230_000, unit: '人', comparator: '≥' });
  expect(find('新增贷款')).toMatchObject({ value: 120, unit: '亿元', tentative: true });
});

test('ids follow the structure of the report', () => {
  const titles = Object.fromEntries(tasks.map((t) => [t.id, t.title]));
  expect(titles).toMatchObject({
    '2023-0-01': '地区生产总值增长6.5%',
    '2023-0-07': '全体居民人均可支配收入与经济发展同步增长',
    '2023-1-01': '道路畅达工程',
    '2023-1-10': '公共卫生应急工程',
    '2023-2-01': '优化产业布局',
    '2023-2-02': '完善要素保障',
    '2023-2-02-01': '改进土地供给方式',
    '2023-3-01-01': '实施龙头培育行动',
    '2023-3-02-01': '抢抓光电信息产业风口',
    '2023-4-01': '注重规划引领,优化空间形态',
  });
  expect(tasks.find((t) => t.id === '2023-3-01-01')?.sectionPath).toEqual([
    '(三)优化经济结构,打造更具竞争力的现代产业集群',
    '推动传统产业晋档升级',
  ]);
});

test("the water-supply task's deadline is three years out, the others the end of 2023", () => {
  const water = tasks.find((t) => t.title === '城乡供水一体化工程') as LedgerTask;
  expect(water.deadline).toBe('2025-12-31');
  expect(tasks.filter((t) => t.deadline !== '2023-12-31').map((t) => t.id)).toEqual([water.id]);
});

test('sources are verbatim, page breaks repaired', () => {
  const source = (id: string) => tasks.find((t) => t.id === id)?.source ?? '';
  expect(source('2023-2-02-03')).toContain('完成重点项目投资720亿元以上。');
  expect(source('2023-2-02-01').startsWith('改进土地供给方式。推进全域土地综合整治')).toBe(true);
  expect(source('2023-1-07')).toBe(
    '七是数字“强基”工程。推进“双千兆”网络建设,新建5G基站1500个,抓紧移动网络IPV6规模部署,实现工业园区、交通枢纽、商业楼宇、热门景区深度覆盖。推进“雪亮工程”互联网化改造,建设应急广播体系,布局一批共享型边缘云节点。整合基层社会治理智慧平台和“智慧城市”平台功能,加快“城市大脑”建设。建好经济运行监测、工业互联网标识解析二级节点应用等平台,服务企业数字化转型。',
  );
});

test('the committed seeds/ledger-2023.json is `ledger extract` with the office assignments', () => {
  const departments = parseDepartments('departments.yaml', parse(read('departments.yaml')));
  const assignments = parseAssignments(
    'assignments.yaml',
    parse(read('assignments.yaml')),
    new Set(departments.map((d) => d.code)),
  );
  const assigned = applyAssignments(tasks, assignments);
  expect(assigned.unassigned).toEqual([]);
  expect(assigned.unknown).toEqual([]);
  expect(JSON.parse(read('ledger-2023.json'))).toEqual(assigned.tasks);
  expect(departments.filter((d) => d.kind === 'office').map((d) => d.code)).toEqual(['dcs']);
});
