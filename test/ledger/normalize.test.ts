import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeReport } from '../../client/ledger/normalize';

const seed = readFileSync(path.join(__dirname, '../../seeds/nanan-2023-government-work-report.txt'), 'utf8');

describe('page-break repair on the seed report', () => {
  const paragraphs = normalizeReport(seed);
  const text = paragraphs.join('\n');

  test('a word cut in two is whole again', () => {
    expect(seed).toMatch(/粮食生\n+产/);
    expect(text).toContain('粮食生产超额完成任务');
    expect(seed).toMatch(/扩大内\n+需/);
    expect(text).toContain('扩大内需战略');
  });

  test('a figure cut before its 以上 is whole again', () => {
    expect(seed).toMatch(/720亿元以\n+上/);
    expect(text).toContain('完成重点项目投资720亿元以上。');
  });

  test('a heading-like sentence that lost its full stop at the break gets it back', () => {
    expect(seed).toMatch(/改进土地供给方式\n+推进/);
    expect(text).toContain('完善要素保障。改进土地供给方式。推进全域土地综合整治');
  });

  test('headings and paragraphs that end properly stay apart', () => {
    expect(paragraphs).toContain('重点工作');
    expect(paragraphs).toContain('二、2023年目标任务和重点工作');
    expect(paragraphs).toContain('(一)实施十项工程,打造更具前瞻性的现代基础设施支撑体系');
    expect(paragraphs[0]).toBe('王连赞在南安市十八届人大三次会议上作的政府工作报告');
  });
});

describe('normalisation of other texts', () => {
  test('full-width forms, spaces between Chinese characters and page numbers go', () => {
    const text = '二、2024年 主要任务\r\n\r\n（一）加快 产业升级\r\n- 3 -\r\n新增企业３０家，增长６．５％。';
    expect(normalizeReport(text)).toEqual([
      '二、2024年主要任务',
      '(一)加快产业升级',
      '新增企业30家,增长6.5%。',
    ]);
  });

  test('a cut in the middle of a short word is joined without a full stop', () => {
    expect(normalizeReport('优化布局。实施龙头\n培育行动。支持龙头企业。')).toEqual([
      '优化布局。实施龙头培育行动。支持龙头企业。',
    ]);
  });

  test('text without page breaks passes through', () => {
    const text =
      '各位代表:\n\n现在,我代表市人民政府报告工作。\n\n重点工作\n\n(一)稳增长\n\n全年新增企业30家。';
    expect(normalizeReport(text)).toEqual([
      '各位代表:',
      '现在,我代表市人民政府报告工作。',
      '重点工作',
      '(一)稳增长',
      '全年新增企业30家。',
    ]);
  });
});
