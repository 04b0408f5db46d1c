// Turns a notice into an outbox draft: catalog facts from Postgres, recipients from department data,
// subject and bodies from the kind's template. Runs once per key: retries send the stored draft.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../db/connect';
import { planDate } from '../../workflows/clock';
import type { Notice } from '../../workflows/domain';
import type { Mailer } from './mailer';
import { addressNotice } from './recipients';
import { renderNotice, type MessageContext } from './templates';
import { bodyText, oneLine } from './text-safety';

export interface Draft {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** Roles of the notice without a usable address (the others still receive it). */
  missing: string[];
  /** Why the draft cannot be sent at all (nobody to send to), or undefined. */
  problem?: string;
}

const CADENCE_CN: Record<string, string> = { monthly: '月', quarterly: '季度' };

/** The task page on the dashboard. */
export function taskUrl(publicUrl: string, taskId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(taskId)}`;
}

export async function composeNotice(db: Db, mailer: Mailer, notice: Notice): Promise<Draft> {
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', notice.taskId).executeTakeFirst();
  // The workflow starts from the catalog row, so a missing one is a bug: retrying would not help.
  if (!task)
    throw ApplicationFailure.nonRetryable(`task ${notice.taskId} is not in the catalog`, 'TaskNotFound');
  // The workflow's facts win over the read model's, which is written in parallel with this activity. A notice
  // from before `assignedTo` names a new lead only as its addressee.
  const lead = notice.assignedTo?.lead ?? notice.department ?? task.lead_department;
  const co = notice.assignedTo?.co ?? task.co_departments;
  const deptCode = notice.department ?? lead;
  const departments = await db
    .selectFrom('departments')
    .selectAll()
    .where((eb) => eb.or([eb('code', 'in', [deptCode, lead, ...co]), eb('kind', '=', 'office')]))
    .orderBy('code')
    .execute();
  const nameOf = (code: string) => oneLine(departments.find((d) => d.code === code)?.name ?? code, 60);
  const dept = departments.find((d) => d.code === deptCode);
  const office = departments.find((d) => d.kind === 'office');
  const addressing = addressNotice(notice.notify, dept, office);

  const ctx: MessageContext = {
    notice,
    task: {
      id: oneLine(task.id, 80),
      title: oneLine(task.title, 200),
      source: bodyText(task.source, 2000),
      sectionPath: task.section_path.map((s) => oneLine(s, 40)),
      deadline:
        notice.deadline ??
        (task.current_deadline ? planDate(task.current_deadline.getTime()) : task.deadline),
      leadDepartment: nameOf(lead),
      coDepartments: co.map(nameOf),
      cadence: CADENCE_CN[task.cadence] ?? task.cadence,
    },
    addressees: addressing.addressees,
    sender: oneLine(mailer.from.name, 60),
    taskUrl: taskUrl(mailer.publicUrl, task.id),
  };
  const rendered = renderNotice(ctx);
  const nobody = addressing.to.length === 0 && addressing.cc.length === 0;
  return {
    to: addressing.to,
    cc: addressing.cc,
    ...rendered,
    missing: addressing.missing,
    problem: nobody ? `无可用收件人：${addressing.missing.join('；') || '通知未指定收件人'}` : undefined,
  };
}
