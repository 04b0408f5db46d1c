// Who receives a notice: the roles of the notice mapped to the department data. A role without a usable
// address is reported as missing (the caller records it), never guessed and never a crash.
import type { DepartmentRow } from '../../db/schema';
import type { Recipient } from '../../workflows/domain';
import { isMailbox, oneLine } from './text-safety';

export interface Addressing {
  to: string[];
  cc: string[];
  /** Who the letter is written to, for the salutation. */
  addressees: string;
  /** One line per role that has no usable address, e.g. '交通运输局 分管领导：无邮箱'. */
  missing: string[];
}

interface Person {
  role: Recipient;
  label: string;
  name: string;
  email: string | null;
}

function person(role: Recipient, dept: DepartmentRow | undefined, office: DepartmentRow | undefined): Person {
  const of = (
    d: DepartmentRow | undefined,
    title: string,
    name: string | null | undefined,
    email: string | null | undefined,
  ) => {
    const unit = d ? oneLine(d.name, 60) : '（未登记的单位）';
    return {
      role,
      label: `${unit} ${title}`,
      name: name ? oneLine(name, 60) : `${unit}${title}`,
      email: email ?? null,
    };
  };
  if (role === 'contact') return of(dept, '联络员', dept?.contact_name, dept?.contact_email);
  if (role === 'head') return of(dept, '主要负责同志', dept?.head_name, dept?.head_email);
  if (role === 'leader') return of(dept, '分管领导', dept?.leader_name, dept?.leader_email);
  return of(office, '', office?.name, office?.contact_email);
}

/**
 * Maps roles to addresses: the office is copied when someone else is addressed, addressed otherwise;
 * an address appears once (To wins over Cc).
 */
export function addressNotice(
  roles: Recipient[],
  dept: DepartmentRow | undefined,
  office: DepartmentRow | undefined,
): Addressing {
  const missing: string[] = [];
  const usable: Person[] = [];
  for (const p of [...new Set(roles)].map((r) => person(r, dept, office))) {
    const email = p.email?.trim() ?? '';
    if (!email) missing.push(`${p.label.trim()}：无邮箱`);
    else if (!isMailbox(email)) missing.push(`${p.label.trim()}：邮箱无效（${oneLine(email, 80)}）`);
    else usable.push({ ...p, email });
  }
  const others = usable.filter((p) => p.role !== 'office');
  const toPeople = others.length ? others : usable;
  const ccPeople = others.length ? usable.filter((p) => p.role === 'office') : [];
  const seen = new Set<string>();
  // Case-insensitive de-duplication that keeps the address as written (local parts may be case-sensitive).
  const once = (people: Person[]) =>
    people.map((p) => p.email!).filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
  const to = once(toPeople);
  const cc = once(ccPeople);
  const names = [...new Set(toPeople.map((p) => p.name))];
  return { to, cc, addressees: names.join('、') || (dept ? oneLine(dept.name, 60) : '各有关单位'), missing };
}
