// The dashboard renders on the server with the same escaping-by-default `html` tag as the emails.
export {
  escapeHtml,
  html,
  join,
  raw,
  SafeHtml,
  type Html,
} from '../../activities/notifications/templates/html';
