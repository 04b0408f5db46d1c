// The 督查通报 routes (registered once, in ../index.ts): GET /bulletins, GET /bulletins/:year/:number,
// GET …/document (the standalone HTML the page frames), GET …/document.pdf|.docx, POST …/edit, POST …/issue and
// POST …/correct. The pages are ../pages/bulletins.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UnitMention } from '../../../db/bulletin-figures';
import { bulletinDocument, correctBulletin, editBulletin, issueBulletin } from '../../service/bulletins';
import { notFound, ServiceError } from '../../service/errors';
import { attachment } from '../../service/export';
import { contextOf, type WebDeps } from '../context';
import type { FormState } from '../form';
import { formField, type FormFields } from '../form-body';
import { sendPage } from './reply';
import { viewerOf } from '../session';
import {
  bulletinListView,
  bulletinView,
  LIST_LABEL,
  parseMentions,
  pathOf,
  type ListName,
  type Ref,
} from '../pages/bulletins';

type RefParams = { Params: { year: string; number: string } };

/** The bulletin a URL names; anything but whole numbers names none (404, as an unknown one). */
function refOf(params: RefParams['Params']): Ref {
  if (!/^\d{1,4}$/.test(params.year) || !/^\d{1,3}$/.test(params.number))
    throw notFound({ zh: '督查通报', en: 'bulletin' }, `${params.year}年第${params.number}期`);
  return { planYear: Number(params.year), number: Number(params.number) };
}

/**
 * The standalone document is the only page that may be framed, and by this site only: it carries its own inline
 * <style> (and style attributes) and inline SVG, and runs nothing (no script source; sandboxed). The page hook of
 * ../index.ts gives every HTML response the dashboard's CSP and X-Frame-Options DENY; this route's onSend runs
 * after that hook (route hooks come after the plugin's), so these headers are the ones sent.
 */
const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; " +
  "base-uri 'none'; form-action 'none'; sandbox";

async function framedDocumentHeaders(_req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (reply.statusCode === 200)
    void reply.header('content-security-policy', DOCUMENT_CSP).header('x-frame-options', 'SAMEORIGIN');
  return payload;
}

/** What each form shows after success (?done=…). */
const DONE: Record<string, string> = {
  edit: '已保存修改',
  issue: '督查通报已印发，正在发送邮件',
  correct: '已建立更正通报草稿，修改后即可印发',
};

/** Refusals a form can show; anything else (401, 404, 5xx) goes to the error page. */
const shownInForm = (err: unknown): err is ServiceError =>
  err instanceof ServiceError && err.statusCode < 500 && !['unauthorized', 'not_found'].includes(err.code);

function refusal(form: string, values: FormFields, err: ServiceError, inputs: readonly string[]): FormState {
  const input = err.field?.replace(/[[.].*$/, '');
  return input && inputs.includes(input)
    ? { form, values, errors: { [input]: err.message } }
    : { form, values, errors: {}, formError: err.message };
}

export function bulletinRoutes(app: FastifyInstance, deps: WebDeps): void {
  const ctx = (req: FastifyRequest) => contextOf(req, deps);

  app.get('/bulletins', async (req, reply) => sendPage(reply, await bulletinListView(await ctx(req))));

  app.get<RefParams & { Querystring: { done?: string } }>('/bulletins/:year/:number', async (req, reply) => {
    const done = req.query.done && Object.hasOwn(DONE, req.query.done) ? DONE[req.query.done] : undefined;
    return sendPage(reply, await bulletinView(await ctx(req), refOf(req.params), undefined, done));
  });

  app.get<RefParams>(
    '/bulletins/:year/:number/document',
    { onSend: framedDocumentHeaders },
    async (req, reply) => {
      const { planYear, number } = refOf(req.params);
      const doc = await bulletinDocument(deps, viewerOf(req), planYear, number, 'html');
      return reply
        .type(doc.contentType)
        .header('content-disposition', 'inline')
        .header('cache-control', 'no-store')
        .send(doc.body);
    },
  );

  for (const format of ['pdf', 'docx'] as const) {
    app.get<RefParams>(`/bulletins/:year/:number/document.${format}`, async (req, reply) => {
      const { planYear, number } = refOf(req.params);
      const doc = await bulletinDocument(deps, viewerOf(req), planYear, number, format);
      return reply
        .type(doc.contentType)
        .header('content-disposition', attachment(doc.filename))
        .header('cache-control', 'no-store')
        .send(doc.body);
    });
  }

  app.post<RefParams & { Body: FormFields | undefined }>(
    '/bulletins/:year/:number/edit',
    async (req, reply) => {
      const ref = refOf(req.params);
      const c = await ctx(req);
      const values = req.body ?? {};
      const form = 'bulletin-edit';
      const fail = (st: FormState, status: number) =>
        bulletinView(c, ref, st).then((body) => sendPage(reply, body, status));
      const lists: Partial<Record<ListName, UnitMention[]>> = {};
      for (const list of ['praise', 'criticism'] as const) {
        const parsed = parseMentions(asTyped(values, list), c.names);
        if ('error' in parsed)
          return fail({ form, values, errors: { [list]: `${LIST_LABEL[list]}${parsed.error}` } }, 422);
        lists[list] = parsed.mentions;
      }
      try {
        const remark = asTyped(values, 'remark').replace(/\r\n?/g, '\n');
        await editBulletin(deps, c.viewer, ref.planYear, ref.number, { remark, ...lists });
        return reply.redirect(`${pathOf(ref)}?done=edit`, 303);
      } catch (err) {
        if (!shownInForm(err)) throw err;
        return fail(refusal(form, values, err, ['remark', 'praise', 'criticism']), err.statusCode);
      }
    },
  );

  app.post<RefParams & { Body: FormFields | undefined }>(
    '/bulletins/:year/:number/issue',
    async (req, reply) => {
      const ref = refOf(req.params);
      const c = await ctx(req);
      const values = req.body ?? {};
      const form = 'bulletin-issue';
      try {
        // Issuing mails every unit and cannot be undone: the box says the office means it, with or without the
        // script's dialog. Anyone else is refused by the service, not asked to tick a box.
        if (c.viewer.role === 'office' && formField(values, 'confirm') !== 'yes')
          throw new ServiceError(
            'invalid',
            '请勾选「我已核对通报内容，确认印发」：印发后将发送邮件给各单位，且不能撤回',
            'tick the confirmation box to issue the bulletin',
            'confirm',
          );
        await issueBulletin(deps, c.viewer, ref.planYear, ref.number);
        return reply.redirect(`${pathOf(ref)}?done=issue`, 303);
      } catch (err) {
        if (!shownInForm(err)) throw err;
        return sendPage(
          reply,
          await bulletinView(c, ref, refusal(form, values, err, ['confirm'])),
          err.statusCode,
        );
      }
    },
  );

  app.post<RefParams & { Body: FormFields | undefined }>(
    '/bulletins/:year/:number/correct',
    async (req, reply) => {
      const ref = refOf(req.params);
      const c = await ctx(req);
      try {
        const correction = await correctBulletin(deps, c.viewer, ref.planYear, ref.number);
        return reply.redirect(`${pathOf(correction)}?done=correct`, 303);
      } catch (err) {
        if (!shownInForm(err)) throw err;
        return sendPage(
          reply,
          await bulletinView(c, ref, refusal('bulletin-correct', req.body ?? {}, err, [])),
          err.statusCode,
        );
      }
    },
  );
}

/** A posted text as typed (not trimmed: the 按语 keeps its paragraphs); '' when absent. */
function asTyped(values: FormFields, name: string): string {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}
