// Form posts: a task action (POST /tasks/:id/<action>) and the ranking rule (POST /ranking/rule). They go
// through the same service layer as the JSON API. A refusal re-renders the page with the message next to
// the field it names; success redirects (303) to the task page, once the read model shows the change. Task
// actions count against the same write quotas as the API's (client/api/task-write-quota.ts): a form over one
// is shown its 429 like any refusal. A form is counted before the service checks it, so a refused form counts
// too — at these quotas no person notices.
import type { FastifyInstance } from 'fastify';
import type { TaskWriteGate } from '../../api/task-write-quota';
import { waitForReadModel } from '../../../db/queries/read-model-seq';
import { ServiceError, notFound } from '../../service/errors';
import { setRankingRule } from '../../service/ranking';
import { startTaskFor } from '../../service/start-task-for';
import { performTaskAction } from '../../service/task-actions';
import { contextOf, type WebDeps } from '../context';
import type { FormState } from '../form';
import { formToBody, labelOf, relabel, WEB_ACTIONS, type FormFields, type WebActionName } from '../form-body';
import * as views from '../views';
import { sendPage } from './reply';

/** Refusals a form can show; anything else (401, 404, 5xx) goes to the error page. */
const shownInForm = (err: unknown): err is ServiceError =>
  err instanceof ServiceError && err.statusCode < 500 && !['unauthorized', 'not_found'].includes(err.code);

function formState(
  form: string,
  values: FormFields,
  err: ServiceError,
  input: string | undefined,
  action?: WebActionName,
): FormState {
  const label = input ? (action ? labelOf(action, input) : input) : undefined;
  const message = relabel(err.message, err.field, label);
  return input
    ? { form, values, errors: { [input]: message } }
    : { form, values, errors: {}, formError: message };
}

export function actionRoutes(app: FastifyInstance, deps: WebDeps, gate: TaskWriteGate): void {
  app.post<{ Params: { id: string; action: string }; Body: FormFields | undefined }>(
    '/tasks/:id/:action',
    async (req, reply) => {
      const { id, action } = req.params;
      // Own keys only: /tasks/x/constructor names no action, not Object's constructor.
      const spec = Object.hasOwn(WEB_ACTIONS, action) ? WEB_ACTIONS[action] : undefined;
      if (!spec) throw notFound({ zh: '操作', en: 'action' }, action);
      const ctx = await contextOf(req, deps);
      const values = req.body ?? {};
      const parsed = formToBody(spec.name, values);
      try {
        await gate.admit(req, reply);
        const state =
          spec.name === 'start'
            ? (await startTaskFor(deps, ctx.viewer, id, parsed.body)).state
            : (await performTaskAction(deps, ctx.viewer, id, spec.name, parsed.body)).state;
        if (state) await waitForReadModel(deps.db, id, state.seq);
        return reply.redirect(`/tasks/${encodeURIComponent(id)}?done=${action}`, 303);
      } catch (err) {
        if (!shownInForm(err)) throw err;
        const st = formState(action, values, err, parsed.inputOf(err.field), spec.name);
        return sendPage(reply, await views.taskView(ctx, id, st), err.statusCode);
      }
    },
  );

  app.post<{ Body: FormFields | undefined }>('/ranking/rule', async (req, reply) => {
    const ctx = await contextOf(req, deps);
    const values = req.body ?? {};
    const n = (name: string) => {
      const v = String(values[name] ?? '').trim();
      return v === '' || Number.isNaN(Number(v)) ? v || undefined : Number(v);
    };
    const rule = {
      weights: { reporting: n('weights.reporting'), completion: n('weights.completion') },
      lateReportCredit: n('lateReportCredit'),
      deductions: {
        level1: n('deductions.level1'),
        level2: n('deductions.level2'),
        level3: n('deductions.level3'),
        level4: n('deductions.level4'),
      },
      maxDeduction: n('maxDeduction'),
    };
    try {
      await setRankingRule(deps, ctx.viewer, rule);
      return reply.redirect('/ranking?done=rule#rule', 303);
    } catch (err) {
      if (!shownInForm(err)) throw err;
      const input = err.field && err.field in values ? err.field : undefined;
      return sendPage(
        reply,
        await views.rankingView(ctx, formState('rule', values, err, input)),
        err.statusCode,
      );
    }
  });
}
