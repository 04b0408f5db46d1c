// 督查通报 for callers: the office sees drafts, edits their 按语 and lists, issues them (documents frozen and
// mailed) and corrects issued ones by a new number; units and leaders read issued bulletins only.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import * as q from '../../db/queries/bulletins';
import { missingDepartmentCodes } from '../../db/queries/departments';
import type { bulletinMail } from '../../workflows/bulletin-mail-workflow';
import { bulletinMailIdFor, type BulletinMailInput } from '../../workflows/definitions';
import { unitMentionSchema } from '../bulletin/bulletin-schema';
import { bulletinDocumentHtml } from '../bulletin/document-html';
import { contentHash, documentOptions, renderDocuments } from '../bulletin/documents';
import { renderBulletinDocx } from '../bulletin/docx';
import { ChromiumMissingError, renderBulletinPdf } from '../bulletin/pdf';
import { requireRole } from './access';
import type { ServiceDeps } from './deps';
import { notFound, ServiceError } from './errors';
import { parseInput } from './input';
import { actorOf, type Principal } from './principal';

const seesDrafts = (p: Principal) => p.role === 'office';
const label = (planYear: number, number: number) => `${planYear}年第${number}期`;

export async function listBulletins(deps: Pick<ServiceDeps, 'db'>, p: Principal) {
  const items = await q.listBulletins(deps.db, { issuedOnly: !seesDrafts(p) });
  return { items: items.map(({ figures: _figures, ...rest }) => rest) };
}

/** One bulletin by plan year and number; 404 when there is none the caller may read. */
export async function getBulletin(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  planYear: number,
  number: number,
): Promise<q.Bulletin> {
  const b = await q.getBulletin(deps.db, planYear, number);
  if (!b || (b.status !== 'issued' && !seesDrafts(p)))
    throw notFound({ zh: '督查通报', en: 'bulletin' }, label(planYear, number));
  return b;
}

const mentions = z.array(unitMentionSchema).max(200);
export const bulletinEditBody = z.strictObject({
  remark: z.string().max(20_000).optional().meta({ title: '督查室按语' }),
  praise: mentions.optional().meta({ title: '表扬单位' }),
  criticism: mentions.optional().meta({ title: '通报批评单位' }),
});

const issuedAlready = (planYear: number, number: number) =>
  new ServiceError(
    'wrong_state',
    `督查通报${label(planYear, number)}已印发，不能修改；如需更正，请印发更正通报`,
    `bulletin ${planYear}-${number} is issued: issue a correction instead`,
    'status',
  );

/** Changes a draft's 按语 and its praise and criticism lists (office only). */
export async function editBulletin(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  planYear: number,
  number: number,
  raw: unknown,
): Promise<q.Bulletin> {
  requireRole(p, ['office'], { zh: '修改督查通报', en: 'edit a bulletin' });
  const edit = parseInput(bulletinEditBody, raw);
  for (const list of ['praise', 'criticism'] as const) {
    const codes = (edit[list] ?? []).map((m) => m.code);
    const missing = new Set(await missingDepartmentCodes(deps.db, codes));
    const i = codes.findIndex((c) => missing.has(c));
    if (i >= 0)
      throw new ServiceError(
        'invalid',
        `单位代码「${codes[i]}」不存在（${list}[${i}].code）`,
        `no department '${codes[i]}' (${list}[${i}].code)`,
        `${list}[${i}].code`,
      );
  }
  const b = await getBulletin(deps, p, planYear, number);
  if (b.status === 'issued') throw issuedAlready(planYear, number);
  const changed = await q.updateDraft(deps.db, planYear, number, edit);
  if (!changed) throw issuedAlready(planYear, number);
  return changed;
}

/**
 * Issues a draft (office only): its documents rendered as issued, stored with their hash, and mailed. Issuing
 * an issued bulletin changes nothing and mails nobody again (it only makes sure its mailing was started).
 */
export async function issueBulletin(
  deps: Pick<ServiceDeps, 'db' | 'temporal' | 'taskQueue' | 'clock'>,
  p: Principal,
  planYear: number,
  number: number,
): Promise<q.Bulletin> {
  requireRole(p, ['office'], { zh: '印发督查通报', en: 'issue a bulletin' });
  let b = await getBulletin(deps, p, planYear, number);
  if (b.status === 'draft') {
    const issuedAt = new Date();
    const asIssued: q.Bulletin = {
      ...b,
      status: 'issued',
      issuedAt: issuedAt.toISOString(),
      issuedBy: actorOf(p).name ?? 'office',
    };
    const docs = await printed(() => renderDocuments(deps.db, deps.clock, asIssued));
    const done = await q.markIssued(deps.db, planYear, number, {
      issuedAt,
      issuedBy: asIssued.issuedBy!,
      pdf: docs.pdf,
      docx: docs.docx,
      contentHash: contentHash(asIssued, docs),
    });
    // Issued by someone else meanwhile: theirs stands.
    b = done ?? (await getBulletin(deps, p, planYear, number));
  }
  await startMailing(deps, { planYear, number });
  return b;
}

/** Renders a PDF, or says plainly that this server cannot (no chromium): 503, nothing changed. */
async function printed<T>(render: () => Promise<T>): Promise<T> {
  try {
    return await render();
  } catch (err) {
    if (!(err instanceof ChromiumMissingError)) throw err;
    throw new ServiceError(
      'unavailable',
      `服务器未安装 Chromium（${err.path}），无法生成督查通报 PDF；请管理员安装 chromium 和 fonts-noto-cjk，或设置 DUBAN_CHROMIUM`,
      err.message,
      undefined,
      { cause: err },
    );
  }
}

async function startMailing(deps: Pick<ServiceDeps, 'temporal' | 'taskQueue'>, input: BulletinMailInput) {
  try {
    await deps.temporal.workflow.start<typeof bulletinMail>('bulletinMail', {
      workflowId: bulletinMailIdFor(input.planYear, input.number),
      taskQueue: deps.taskQueue,
      args: [input],
      // A bulletin is mailed once: its mailing, once started, is never started again.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Opens a correction of an issued bulletin (office only): a new draft under the next number, naming this one. */
export async function correctBulletin(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  planYear: number,
  number: number,
): Promise<q.Bulletin> {
  requireRole(p, ['office'], { zh: '更正督查通报', en: 'correct a bulletin' });
  const b = await getBulletin(deps, p, planYear, number);
  if (b.status !== 'issued')
    throw new ServiceError(
      'wrong_state',
      `督查通报${label(planYear, number)}尚未印发，直接修改草稿即可`,
      `bulletin ${planYear}-${number} is a draft: edit it instead`,
      'status',
    );
  return q.insertCorrection(deps.db, b);
}

export type DocumentFormat = 'pdf' | 'docx' | 'html';

export const DOCUMENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

/** A bulletin as a document: an issued one as it was issued (the PDF and .docx stored then), a draft as it stands. */
export async function bulletinDocument(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  p: Principal,
  planYear: number,
  number: number,
  format: DocumentFormat,
): Promise<{ filename: string; contentType: string; body: Buffer }> {
  const b = await getBulletin(deps, p, planYear, number);
  const filename = `督查通报${label(planYear, number)}${b.status === 'draft' ? '（草稿）' : ''}.${format}`;
  const stored =
    format !== 'html' && b.status === 'issued'
      ? await q.issuedDocument(deps.db, planYear, number, format)
      : undefined;
  if (stored) return { filename, contentType: DOCUMENT_TYPES[format], body: stored };
  const options = await documentOptions(deps.db, deps.clock, b);
  const html = bulletinDocumentHtml(b, options);
  const body =
    format === 'html'
      ? Buffer.from(html)
      : format === 'pdf'
        ? await printed(() => renderBulletinPdf(html))
        : await renderBulletinDocx(b, options);
  return { filename, contentType: DOCUMENT_TYPES[format], body };
}
