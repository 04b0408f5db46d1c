// The one place that hides credentials in URLs before anything is printed: banners, log lines, error
// messages. A password may hold any character (':', '@', '/', '%'-escapes), so when in doubt, hide more.
// The text around a credential is kept as written (no re-encoding), so a masked URL reads like the original.

const MASK = '***';

const SCHEME_AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;
// Between `scheme://` and the last '@' that is followed by a host (and then the end, a path, a query or a
// fragment): the userinfo, whatever it holds. Greedy on purpose: '@', '/', '?' and '#' in a password go with it.
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@(?=[^@\s/?#]*(?:[/?#]|$))/is;
// A query or fragment parameter whose value is a credential: password, pwd, token, secret, api_key, key, auth…
const SECRET_PARAM =
  /([?&#;][^=&#\s]*?(?:pass|pwd|token|secret|key|auth|sig|credential)[^=&#\s]*=)[^&#\s]*/gi;

/** `url` with the password of its userinfo and the values of credential parameters replaced by `***`. */
export function redactUrl(url: string): string {
  const m = SCHEME_AUTHORITY.exec(url);
  if (!m) return maskParams(url);
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  // A well-formed userinfo ends inside the authority, before the first '/', '?' or '#'. A URL the parser
  // refuses, or an '@' further on, may mean a password holding one of those: mask up to the last '@'.
  if (!parses(url) || rest.includes('@')) return maskParams(url.replace(USERINFO, `$1${MASK}@`));
  const at = authority.lastIndexOf('@');
  if (at < 0) return url.slice(0, scheme.length + authority.length) + maskParams(rest);
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const shown = colon < 0 ? userinfo : `${userinfo.slice(0, colon)}:${MASK}`;
  return scheme + shown + authority.slice(at) + maskParams(rest);
}

/** `text` with every URL in it passed through redactUrl: for error messages and log lines that quote one. */
export function redactSecrets(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url));
}

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

const maskParams = (s: string) => s.replace(SECRET_PARAM, `$1${MASK}`);
