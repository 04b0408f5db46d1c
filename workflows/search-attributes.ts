// The custom search attributes of a task workflow: `temporal workflow list --query "DubanLight='red'"`.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const LIGHT = defineSearchAttributeKey('DubanLight', SearchAttributeType.KEYWORD);
export const STATUS = defineSearchAttributeKey('DubanStatus', SearchAttributeType.KEYWORD);
export const LEAD_DEPARTMENT = defineSearchAttributeKey('DubanLeadDepartment', SearchAttributeType.KEYWORD);
export const LEVEL = defineSearchAttributeKey('DubanLevel', SearchAttributeType.INT);

/** Every key with its server type name, for registering them on a server. */
export const ALL_SEARCH_ATTRIBUTES = [LIGHT, STATUS, LEAD_DEPARTMENT, LEVEL] as const;
