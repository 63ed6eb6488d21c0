/** The county (6 digits) a region code lies in: where escalations and approvals go. */
export function countyOf(regionCode: string): string {
  return regionCode.slice(0, 6);
}
