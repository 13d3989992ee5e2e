/** The РКИ rule sets, in declaration order (rki.md, "Rule sets"). */
import { ruleSet } from './validator.js';

const TEXT = 'nullable|string|max:255';

export const ADD_RULES = ruleSet({
  email: 'required|string|email|max:255',
  fullname: 'required|string|max:255',
  password: 'required|string|max:255',
  user_type: 'nullable|integer|between:1,4',
});

export const LIST_RULES = ruleSet({
  email: TEXT,
  username: TEXT,
  fullname: TEXT,
  limit: 'nullable|integer|min:1',
  offset: 'nullable|integer|min:0',
});

export const EDIT_RULES = ruleSet({
  fullname: 'sometimes|filled|string|max:255',
  email: 'sometimes|filled|string|email|max:255',
  password: 'sometimes|filled|string|max:255',
  user_type: 'nullable|integer|between:1,4',
  class: 'nullable|integer|between:0,99',
  specialty: TEXT,
  group: TEXT,
  facultet: TEXT,
  department: TEXT,
  blockedafter: 'nullable|zero_or_date_format:d.m.Y',
});
