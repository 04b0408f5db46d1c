import {
  applyAssignments,
  extractLedger,
  LedgerFileError,
  parseAssignments,
  toCsv,
} from '../../client/ledger';

const report = [
  '二、2024年重点工作',
  '主要预期目标:地区生产总值增长6%,社会消费品零售总额增长5%。',
  '(一)稳投资',
  '扩大有效投资。完成投资300亿元以上,新开工项目45个。',
  '优化营商环境。推行"一件事"集成改革,事项办理时限压缩一半。',
].join('\n');
const drafts = extractLedger(report);
const departments = new Set(['fgj', 'tjj', 'swj', 'spj', 'dcs']);

test('assignments set lead, co and overrides; unassigned tasks stay, with a null lead, and are reported', () => {
  const assignments = parseAssignments(
    'assignments.yaml',
    {
      defaults: { policy: 'default' },
      tasks: {
        '2024-0-01': { lead: 'fgj', co: ['tjj'], policy: 'key-project', priority: 'high' },
        '2024-1-01': { lead: 'fgj', deadline: '2025-06-30', cadence: 'quarterly' },
        '2024-9-09': { lead: 'swj' },
      },
    },
    departments,
  );
  const { tasks, unassigned, unknown } = applyAssignments(drafts, assignments);
  expect(tasks.map((t) => t.id)).toEqual(drafts.map((t) => t.id));
  expect(unassigned).toEqual(['2024-0-02', '2024-1-02']);
  expect(unknown).toEqual(['2024-9-09']);
  expect(tasks[0]).toMatchObject({
    leadDepartment: 'fgj',
    coDepartments: ['tjj'],
    policy: 'key-project',
    priority: 'high',
  });
  expect(tasks[2]).toMatchObject({ deadline: '2025-06-30', cadence: 'quarterly', policy: 'default' });
  expect(tasks[1]).toMatchObject({ leadDepartment: null, coDepartments: [] });
});

test('a bad assignment names the file, the task and the field', () => {
  const bad = (tasks: unknown) => () => parseAssignments('seeds/assignments.yaml', { tasks }, departments);
  expect(bad({ '2024-0-01': { lead: 'xyz' } })).toThrow(
    "seeds/assignments.yaml: task 2024-0-01: field lead: unknown department 'xyz'",
  );
  expect(bad({ '2024-0-01': { lead: 'fgj', co: ['tjj', 'fgj'] } })).toThrow(
    "task 2024-0-01: field co[1]: 'fgj' already leads the task",
  );
  expect(bad({ '2024-0-01': { lead: 'fgj', cadence: 'weekly' } })).toThrow(/task 2024-0-01: field cadence:/);
  expect(bad({ '2024-0-01': { lead: 'fgj', deadline: '2024/06/30' } })).toThrow(
    /field deadline: must be a date/,
  );
  expect(bad({ '2024-0-01': { lead: 'fgj', deadline: '2024-13-01' } })).toThrow(/is not a calendar day/);
  expect(bad({ '2024-0-01': { leed: 'fgj' } })).toThrow(LedgerFileError);
});

test('CSV: one row per task, quoted where needed', () => {
  const csv = toCsv(drafts);
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('id,section,title,targets,deadline,lead,co,cadence,policy,priority,source');
  expect(lines).toHaveLength(drafts.length + 1);
  expect(lines[3]).toBe(
    '2024-1-01,(一)稳投资,扩大有效投资,完成投资 ≥ 300 亿元; 新开工项目 = 45 个,2024-12-31,,,monthly,default,normal,' +
      '"扩大有效投资。完成投资300亿元以上,新开工项目45个。"',
  );
  expect(lines[4]).toContain('"优化营商环境。推行""一件事""集成改革,事项办理时限压缩一半。"');
});
