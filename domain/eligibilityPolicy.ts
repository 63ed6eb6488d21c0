/** Policy keys of the tier engine (SPEC §1). */
export const ELIGIBILITY_POLICY_KEYS = {} as const;
