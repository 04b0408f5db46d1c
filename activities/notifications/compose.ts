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
  const deptCode = notice.department ?? task.lead_department;
  const departments = await db
    .selectFrom('departments')
    .selectAll()
    .where((eb) => eb.or([eb('code', 'in', [deptCode, ...task.co_departments]), eb('kind', '=', 'office')]))
    .orderBy('code')
    .execute();
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
      deadline: task.current_deadline ? planDate(task.current_deadline.getTime()) : task.deadline,
      leadDepartment: dept ? oneLine(dept.name, 60) : oneLine(deptCode, 60),
      coDepartments: task.co_departments.map((c) =>
        oneLine(departments.find((d) => d.code === c)?.name ?? c, 60),
      ),
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
