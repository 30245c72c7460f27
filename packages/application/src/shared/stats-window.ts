/** Days a stats view covers: whole, from one to a year. */
export const statsWindow = (days: number): number => Math.min(365, Math.max(1, Math.trunc(days)));
