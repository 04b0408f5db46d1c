// Free text through the real API and the dashboard's form (client/service/text-hygiene.ts): characters that
// make text read otherwise than it is are refused with 400 naming the field and the character; line breaks
// and tabs are kept where text may run over several lines, and refused where it is one line.
import { useApiSuite } from '../support/api-suite';
import { startDashboard } from '../support/dashboard';
import { insertTask } from '../support/fixtures';

const suite = useApiSuite();

const CLASSES: Record<string, string[]> = {
  'bidirectional control': [
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200e',
    '\u200f',
    '\u061c',
  ],
  'zero-width character': ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'],
  'C1 control (and DEL)': ['\u0080', '\u0085', '\u009f', '\u007f'],
  'C0 control': ['\u0000', '\u0007', '\u000b', '\u001b'],
};
const at = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

beforeAll(async () => {
  for (const id of ['hyg-1', 'hyg-2']) {
    await insertTask(suite.db, { id });
    expect((await suite.call('office', 'POST', `/api/tasks/${id}/start`)).status).toBe(200);
    expect((await suite.call('lead', 'POST', `/api/tasks/${id}/acknowledge`)).status).toBe(200);
  }
});

test.each(Object.entries(CLASSES))(
  'every %s is refused in a report narrative and in an instruction',
  async (_class, chars) => {
    for (const ch of chars) {
      const report = await suite.call('lead', 'POST', '/api/tasks/hyg-1/progress', {
        percent: 10,
        narrative: `已完成${ch}80%`,
      });
      expect([at(ch), report.status, report.body.error]).toEqual([
        at(ch),
        400,
        expect.objectContaining({
          code: 'bad_request',
          field: 'narrative',
          messageEn: expect.stringContaining(at(ch)),
        }),
      ]);
      const instruction = await suite.call('office', 'POST', '/api/tasks/hyg-1/instruction', {
        text: `请${ch}抓紧推进`,
      });
      expect([at(ch), instruction.status, instruction.body.error]).toEqual([
        at(ch),
        400,
        expect.objectContaining({
          code: 'bad_request',
          field: 'text',
          message: expect.stringContaining(at(ch)),
        }),
      ]);
    }
    const detail = await suite.call('office', 'GET', '/api/tasks/hyg-1');
    expect(detail.body.reports.items).toEqual([]);
    expect(detail.body.events.items.filter((e: { type: string }) => e.type === 'instructed')).toEqual([]);
  },
);

test('several lines: tabs and line breaks are kept, CR LF stored as LF; one line: refused', async () => {
  const narrative = '一、道路\t已开工\r\n二、桥梁\n三、隧道\r四、完';
  const res = await suite.call('lead', 'POST', '/api/tasks/hyg-1/progress', { percent: 10, narrative });
  expect(res.status).toBe(200);
  const detail = await suite.call('office', 'GET', '/api/tasks/hyg-1');
  expect(detail.body.reports.items[0].narrative).toBe('一、道路\t已开工\n二、桥梁\n三、隧道\n四、完');
  for (const section of ['（一）\n', '（一）\t', '\u202e（一）'])
    expect(
      await suite.call('office', 'GET', `/api/tasks?section=${encodeURIComponent(section)}`),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request', field: 'section' } },
    });
});

test('the dashboard’s report form: the same rule, the message under the field', async () => {
  const dash = await startDashboard(suite);
  try {
    const refused = await dash.post(
      '/tasks/hyg-2/progress',
      { percent: '20', narrative: '已完成\u202e80%' },
      { cookie: dash.session(suite.tokens.lead), accept: 'text/html' },
    );
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toMatch(/data-error-for="narrative">[^<]*文字方向控制字符[^<]*U\+202E/);
    const accepted = await dash.post(
      '/tasks/hyg-2/progress',
      { percent: '20', narrative: '第一段\r\n第二段' },
      { cookie: dash.session(suite.tokens.lead), accept: 'text/html' },
    );
    expect(accepted.status).toBe(303);
    const detail = await suite.call('office', 'GET', '/api/tasks/hyg-2');
    expect(detail.body.reports.items[0].narrative).toBe('第一段\n第二段');
  } finally {
    await dash.close();
  }
});
