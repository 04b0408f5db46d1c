import { applyMagnitude, parseChineseNumeral, parseFigure } from '../../client/ledger/numerals';
import { findQuantities } from '../../client/ledger/quantities';

describe('Chinese numerals', () => {
  test.each([
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['两', 2],
    ['一百二十', 120],
    ['一百零五', 105],
    ['三千五百', 3500],
    ['一万二千', 12000],
    ['十二万', 120000],
    ['一亿二千万', 120000000],
    ['六点五', 6.5],
    ['二〇二三', 2023],
  ])('%s = %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  test('rejects what is not a numeral', () => {
    expect(parseChineseNumeral('南安')).toBeUndefined();
    expect(parseChineseNumeral('')).toBeUndefined();
    expect(parseFigure('1.5')).toBe(1.5);
  });

  test('magnitudes multiply without float noise', () => {
    expect(applyMagnitude(1.2, '万')).toBe(12000);
    expect(applyMagnitude(1.5, '万')).toBe(15000);
    expect(applyMagnitude(3, '亿')).toBe(300000000);
  });
});

describe('figures with units', () => {
  const one = (text: string) => {
    const found = findQuantities(text);
    expect(found).toHaveLength(1);
    const { value, unit, after, upper, counts } = found[0]!;
    return { value, unit, after, upper, counts };
  };

  test('万 is a magnitude, 亿元 a unit', () => {
    expect(one('新建高标准农田1.2万亩')).toMatchObject({ value: 12000, unit: '亩' });
    expect(one('城镇新增就业1.5万人')).toMatchObject({ value: 15000, unit: '人', counts: true });
    expect(one('完成技改投资180亿元以上')).toMatchObject({ value: 180, unit: '亿元', after: '≥' });
    expect(one('设立十万元奖励')).toMatchObject({ value: 10, unit: '万元' });
    expect(one('建成标准厂房140万平方米以上')).toMatchObject({ value: 1400000, unit: '平方米', after: '≥' });
  });

  test('百分之, Chinese counts, 多 and ranges', () => {
    expect(one('增长百分之十')).toMatchObject({ value: 10, unit: '%' });
    expect(one('新增公办学位三千个')).toMatchObject({ value: 3000, unit: '个' });
    expect(one('整治裸房1万多栋')).toMatchObject({ value: 10000, unit: '栋', after: '≥' });
    expect(one('增长6%—7%')).toMatchObject({ value: 6, upper: 7, unit: '%' });
    expect(one('控制在3%以内')).toMatchObject({ value: 3, after: '≤' });
  });

  test('names, ranks and idioms carry no figure', () => {
    expect(findQuantities('深耕“1+3”专项行动,紧扣“四个更大”重要要求')).toEqual([]);
    expect(findQuantities('位列全国第15名')).toEqual([]);
    expect(findQuantities('推动一批项目,打通“最后一公里”,一口一策')).toEqual([]);
    expect(findQuantities('新建5G基站,抓紧IPV6部署,重点推进国道324改线建设')).toEqual([]);
    expect(findQuantities('用3年时间')).toEqual([]);
  });
});
