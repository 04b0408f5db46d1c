// Reports of other shapes, written for these tests: nothing in the extractor knows the seed's city or words.
import { extractLedger } from '../../client/ledger';

const summary = (report: string, planYear?: number) =>
  extractLedger(report, { planYear }).map((t) => ({
    id: t.id,
    title: t.title,
    deadline: t.deadline,
    targets: t.targets.map(
      (g) => `${g.metric} ${g.comparator} ${g.value} ${g.unit}${g.tentative ? ' ?' : ''}`,
    ),
  }));

test('another county, 2024: full-width （一） sections, "1．" items, 1.5万, 百分之六, ranges, no page breaks', () => {
  const report = [
    '青山县2024年政府工作报告',
    '一、2023年工作回顾',
    '过去一年，全县地区生产总值增长5%，新增就业8000人。',
    '二、2024年主要任务',
    '今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业1.5万人；居民人均可支配收入增长百分之六；单位地区生产总值能耗下降3%以上。',
    '（一）加快产业转型升级',
    '1．壮大主导产业。全年新增规模以上工业企业30家以上，培育省级“专精特新”企业8家，规上工业增加值增长6%—7%。',
    '2．推进项目建设。力争完成重点项目投资120亿元，新开工项目45个，争取两年内建成智能制造产业园。',
    '（二）提升城乡品质',
    '1．完善基础设施。新建改造农村公路120公里，新建高标准农田1.2万亩，森林覆盖率提高到百分之六十。',
    '2．办好民生实事。新增公办学位三千个，6月底前完成老旧小区改造20个。',
    '三、其他事项',
    '新建体育馆2座。',
  ].join('\n\n');
  expect(summary(report)).toEqual([
    {
      id: '2024-0-01',
      title: '地区生产总值增长5.5%左右',
      deadline: '2024-12-31',
      targets: ['地区生产总值增长 = 5.5 %'],
    },
    {
      id: '2024-0-02',
      title: '城镇新增就业1.5万人',
      deadline: '2024-12-31',
      targets: ['城镇新增就业 = 15000 人'],
    },
    {
      id: '2024-0-03',
      title: '居民人均可支配收入增长百分之六',
      deadline: '2024-12-31',
      targets: ['居民人均可支配收入增长 = 6 %'],
    },
    {
      id: '2024-0-04',
      title: '单位地区生产总值能耗下降3%以上',
      deadline: '2024-12-31',
      targets: ['单位地区生产总值能耗下降 ≤ -3 %'],
    },
    {
      id: '2024-1-01',
      title: '壮大主导产业',
      deadline: '2024-12-31',
      targets: [
        '新增规模以上工业企业 ≥ 30 家',
        '培育省级“专精特新”企业 = 8 家',
        '规上工业增加值增长 ≥ 6 % ?',
      ],
    },
    {
      id: '2024-1-02',
      title: '推进项目建设',
      deadline: '2025-12-31',
      targets: ['完成重点项目投资 = 120 亿元 ?', '新开工项目 = 45 个'],
    },
    {
      id: '2024-2-01',
      title: '完善基础设施',
      deadline: '2024-12-31',
      targets: ['新建改造农村公路 = 120 公里', '新建高标准农田 = 12000 亩', '森林覆盖率 = 60 %'],
    },
    {
      id: '2024-2-02',
      title: '办好民生实事',
      deadline: '2024-06-30',
      targets: ['新增公办学位 = 3000 个', '完成老旧小区改造 = 20 个'],
    },
  ]);
});

test('a city, 2025: sections numbered "1.", ordinals inside a section, a section that is one task', () => {
  const report = [
    '三、2025年工作安排',
    '主要目标:全市生产总值增长6%,一般公共预算收入增长5%。',
    '1.扩大有效投资。全年实施重点项目200个,完成投资300亿元以上,其中工业投资不少于100亿元。',
    '2.提升民生福祉。新增学位5000个,城镇登记失业率控制在3.5%以内,用五年时间基本实现城乡学校标准化。',
    '3.深化改革开放。一是优化营商环境,审批时限压缩至3个工作日。二是扩大对外开放,外贸进出口总额增长10%。',
  ].join('\n');
  const tasks = extractLedger(report);
  expect(tasks.map((t) => [t.id, t.title, t.sectionPath.join(' > ')])).toEqual([
    ['2025-0-01', '全市生产总值增长6%', '主要目标'],
    ['2025-0-02', '一般公共预算收入增长5%', '主要目标'],
    ['2025-1-01', '扩大有效投资', '1.扩大有效投资'],
    ['2025-2-01', '提升民生福祉', '2.提升民生福祉'],
    ['2025-3-01', '优化营商环境', '3.深化改革开放'],
    ['2025-3-02', '扩大对外开放', '3.深化改革开放'],
  ]);
  expect(tasks[3]).toMatchObject({
    deadline: '2029-12-31',
    source: '2.提升民生福祉。新增学位5000个,城镇登记失业率控制在3.5%以内,用五年时间基本实现城乡学校标准化。',
  });
  expect(tasks[2]?.targets.map((t) => [t.metric, t.comparator, t.value])).toEqual([
    ['实施重点项目', '=', 200],
    ['完成投资', '≥', 300],
    ['工业投资', '≥', 100],
  ]);
  expect(tasks[4]?.targets).toMatchObject([
    { metric: '审批时限', comparator: '≤', value: 3, unit: '个工作日' },
  ]);
});

test('lead sentences with sub-actions and a page break inside a figure', () => {
  const report = [
    '二、今年重点工作',
    '(一)建设现代产业体系',
    '产业是发展的根基,必须坚定不移把实体经济做实做强。',
    '做强制造业。实施龙头企业培育行动。新增产值超百亿元企业2家、超十亿元企业8家。实施数字化改造行动。完成技改投资50亿元以',
    '上。',
    '壮大服务业。新增限上企业百分之十以上。',
  ].join('\n');
  const tasks = extractLedger(report, { planYear: 2026 });
  expect(tasks.map((t) => [t.id, t.title])).toEqual([
    ['2026-1-01', '做强制造业'],
    ['2026-1-01-01', '实施龙头企业培育行动'],
    ['2026-1-01-02', '实施数字化改造行动'],
    ['2026-1-02', '壮大服务业'],
  ]);
  expect(tasks[1]?.targets.map((t) => [t.metric, t.value, t.unit])).toEqual([
    ['新增产值超百亿元企业', 2, '家'],
    ['新增产值超十亿元企业', 8, '家'],
  ]);
  expect(tasks[2]?.targets).toMatchObject([
    { metric: '完成技改投资', value: 50, unit: '亿元', comparator: '≥' },
  ]);
  expect(tasks[3]?.targets).toMatchObject([{ value: 10, unit: '%', comparator: '≥' }]);
});

test('a report without a plan part, or without a year, says so', () => {
  expect(() => extractLedger('一、工作回顾\n\n去年完成投资100亿元。')).toThrow(/no plan part/);
  expect(() => extractLedger('二、今年重点工作\n\n(一)稳增长\n\n新增企业30家。')).toThrow(/--year/);
});
