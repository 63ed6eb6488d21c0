/** Policy keys of emergency first aid (SPEC §4, §5; seed 004). */
export const EMERGENCY_POLICY_KEYS = {} as const;
