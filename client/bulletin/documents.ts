// A bulletin's documents as the office issues them: the PDF (Chromium's print of the bulletin's HTML) and the
// .docx, with who issues it and who is copied, and the hash that seals what was issued.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect';
import type { Bulletin } from '../../db/queries/bulletins';
import { bulletinDocumentHtml } from './document-html';
import { renderBulletinDocx } from './docx';
import { renderBulletinPdf } from './pdf';
import type { DocumentOptions } from './wording';
import { planAt } from '../../workflows/clock';
import type { ClockSpec } from '../../workflows/domain';

export type { DocumentOptions };

/**
 * The issuer is the directory's office unit; 抄送, the leaders in charge of the units the bulletin names; the date,
 * its issue (else its drafting) on the plan clock.
 */
export async function documentOptions(db: Db, clock: ClockSpec, b: Bulletin): Promise<DocumentOptions> {
  const office = await db
    .selectFrom('departments')
    .select('name')
    .where('kind', '=', 'office')
    .orderBy('code')
    .executeTakeFirst();
  const codes = [...new Set([...b.figures.units, ...b.praise, ...b.criticism].map((u) => u.code))];
  const leaders = codes.length
    ? await db
        .selectFrom('departments')
        .select('leader_name')
        .distinct()
        .where('code', 'in', codes)
        .where('leader_name', 'is not', null)
        .orderBy('leader_name')
        .execute()
    : [];
  const dated = Date.parse(b.status === 'issued' && b.issuedAt ? b.issuedAt : b.draftedAt);
  return {
    issuer: office?.name ?? '督查室',
    copyTo: leaders.map((l) => l.leader_name!),
    date: planAt(clock, dated),
  };
}

export async function renderDocuments(
  db: Db,
  clock: ClockSpec,
  b: Bulletin,
): Promise<{ html: string; pdf: Buffer; docx: Buffer }> {
  const options = await documentOptions(db, clock, b);
  const html = bulletinDocumentHtml(b, options);
  const [pdf, docx] = await Promise.all([renderBulletinPdf(html), renderBulletinDocx(b, options)]);
  return { html, pdf, docx };
}

/** The seal of an issued bulletin: SHA-256 over what it says and both its documents. */
export function contentHash(b: Bulletin, docs: { pdf: Buffer; docx: Buffer }): string {
  const said = JSON.stringify([
    b.planYear,
    b.number,
    b.period,
    b.corrects,
    b.figures,
    b.remark,
    b.praise,
    b.criticism,
    b.issuedAt,
    b.issuedBy,
  ]);
  const h = createHash('sha256').update(said);
  for (const doc of [docs.pdf, docs.docx]) h.update(createHash('sha256').update(doc).digest());
  return h.digest('hex');
}
