// The shape of a kind template: the notice and catalog facts in, the wording of one letter out.
import type { Letter, MessageContext } from './letter';

export type Template = (ctx: MessageContext) => Letter;
