import { deadlineOf } from '../../client/ledger/deadline';
import { extractTargets } from '../../client/ledger/targets';

const targets = (text: string) =>
  extractTargets(text).map(({ metric, value, unit, comparator, kind, tentative }) => ({
    metric,
    value,
    unit,
    comparator,
    kind,
    tentative,
  }));

describe('target rules', () => {
  test('以上/突破/超 make a floor, 以内/控制在 a ceiling, anything else is =', () => {
    expect(targets('建成公共充电桩300个以上。')).toEqual([
      {
        metric: '建成公共充电桩',
        value: 300,
        unit: '个',
        comparator: '≥',
        kind: 'absolute',
        tentative: false,
      },
    ]);
    expect(targets('外贸进出口总额突破230亿元。')[0]).toMatchObject({
      metric: '外贸进出口总额',
      comparator: '≥',
    });
    expect(targets('城镇登记失业率控制在3.5%以内。')[0]).toMatchObject({
      metric: '城镇登记失业率',
      comparator: '≤',
    });
    expect(targets('工业投资不少于100亿元。')[0]).toMatchObject({ metric: '工业投资', comparator: '≥' });
    expect(targets('新建5G基站1500个。')[0]).toMatchObject({
      metric: '新建5G基站',
      value: 1500,
      comparator: '=',
    });
  });

  test('growth keeps its word in the metric; a fall is negative growth', () => {
    expect(targets('地区生产总值增长6.5%。')[0]).toMatchObject({
      metric: '地区生产总值增长',
      value: 6.5,
      unit: '%',
      kind: 'growth',
      comparator: '=',
    });
    expect(targets('电子信息产业产值增长30%以上。')[0]).toMatchObject({ kind: 'growth', comparator: '≥' });
    expect(targets('单位地区生产总值能耗下降3%以上。')[0]).toMatchObject({
      metric: '单位地区生产总值能耗下降',
      value: -3,
      kind: 'growth',
      comparator: '≤',
    });
    expect(targets('城乡集中供水率达90%以上。')[0]).toMatchObject({
      metric: '城乡集中供水率',
      kind: 'absolute',
    });
  });

  test('a figure before a noun counts it; a figure qualifying a noun is part of the metric', () => {
    expect(targets('投入30亿元实施55个城乡交通项目。')).toMatchObject([
      { metric: '城乡交通项目投入', value: 30, unit: '亿元' },
      { metric: '实施城乡交通项目', value: 55, unit: '个' },
    ]);
    expect(targets('新签约20亿元以上大项目20个以上。')).toMatchObject([
      { metric: '新签约20亿元以上大项目', value: 20, unit: '个', comparator: '≥' },
    ]);
    expect(targets('推动一批10千伏以下架空电缆入地缆化。')).toEqual([]);
  });

  test('enumerations share their verb, and the words the items line up on', () => {
    expect(
      targets('新增产值超50亿元企业3家、超10亿元企业15家、小升规企业200家。').map((t) => t.metric),
    ).toEqual(['新增产值超50亿元企业', '新增产值超10亿元企业', '新增小升规企业']);
    expect(targets('建设9个110千伏和2个35千伏输变电工程。').map((t) => [t.metric, t.value])).toEqual([
      ['建设110千伏输变电工程', 9],
      ['建设35千伏输变电工程', 2],
    ]);
    expect(targets('福厦客专、武荣大桥等9条道路贯通通车。')).toMatchObject([
      { metric: '道路贯通通车', value: 9 },
    ]);
  });

  test('力争/争取 and ranges are tentative, as far as their clause goes', () => {
    expect(targets('力争新增贷款120亿元以上、专项债20亿元以上、上市挂牌企业5家。')).toMatchObject([
      { metric: '新增贷款', tentative: true },
      { metric: '新增专项债', tentative: true },
      { metric: '新增上市挂牌企业', value: 5, unit: '家', tentative: true },
    ]);
    expect(targets('力争自贸区落户,外贸进出口总额突破230亿元。')[0]).toMatchObject({ tentative: false });
    expect(extractTargets('规上工业增加值增长6%—7%。')[0]).toMatchObject({
      value: 6,
      upper: 7,
      comparator: '≥',
      tentative: true,
    });
  });

  test('分别 pairs metrics with figures', () => {
    expect(targets('入园率和增加值占比分别提高到50%和60%。')).toMatchObject([
      { metric: '入园率', value: 50, unit: '%' },
      { metric: '增加值占比', value: 60, unit: '%' },
    ]);
    expect(targets('税收和利润分别增长8%和10%。')).toMatchObject([
      { metric: '税收增长', value: 8, kind: 'growth' },
      { metric: '利润增长', value: 10, kind: 'growth' },
    ]);
  });

  test('time words open no metric', () => {
    expect(targets('6月底前完成老旧小区改造20个。')[0]).toMatchObject({
      metric: '完成老旧小区改造',
      value: 20,
    });
  });
});

describe('deadlines', () => {
  test('the end of the plan year by default', () => {
    expect(deadlineOf('新建5G基站1500个。', 2023)).toBe('2023-12-31');
  });

  test('"用3年时间" counts the plan year itself', () => {
    expect(deadlineOf('争取用3年时间让城乡居民都喝上放心水。', 2023)).toBe('2025-12-31');
    expect(deadlineOf('用五年时间基本实现城乡学校标准化。', 2025)).toBe('2029-12-31');
    expect(deadlineOf('争取两年内建成智能制造产业园。', 2024)).toBe('2025-12-31');
  });

  test('named years and months', () => {
    expect(deadlineOf('到2027年全面建成。', 2023)).toBe('2027-12-31');
    expect(deadlineOf('6月底前完成老旧小区改造20个。', 2024)).toBe('2024-06-30');
    expect(deadlineOf('上半年建成投用。', 2023)).toBe('2023-06-30');
    expect(deadlineOf('6月底前开工,年底前建成;到2025年投产。', 2023)).toBe('2025-12-31');
  });
});
