// 督查通报 for readers: the office sees drafts and issued bulletins; units and leaders see issued ones only.
import * as q from '../../db/queries/bulletins';
import type { ServiceDeps } from './deps';
import { notFound } from './errors';
import type { Principal } from './principal';

const seesDrafts = (p: Principal) => p.role === 'office';

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
    throw notFound({ zh: '督查通报', en: 'bulletin' }, `${planYear}年第${number}期`);
  return b;
}
