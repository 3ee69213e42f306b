/** How admin sign-in behaves. Only the session length comes from the environment; the rest are fixed defaults. */
export interface AdminConfig {
  /** NATTER_ADMIN_SESSION_HOURS: how long a sign-in lasts (default 12). */
  sessionHours: number;
  /** Sign-in attempts allowed per client IP (IPv6 by /64) in `loginWindowMs`. */
  loginAttempts: number;
  loginWindowMs: number;
  /** How long a wrong password waits before its answer, so guessing is slow whatever the hash costs. */
  failDelayMs: number;
}

/** Reads the admin settings; a bad value throws an Error naming it. */
export function parseAdminConfig(read: (name: string) => string | undefined): AdminConfig {
  const value = read('NATTER_ADMIN_SESSION_HOURS');
  let sessionHours = 12;
  if (value !== undefined) {
    sessionHours = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
    if (!(sessionHours >= 1 && sessionHours <= 720)) {
      throw new Error(`NATTER_ADMIN_SESSION_HOURS must be a whole number of hours from 1 to 720, got "${value}".`);
    }
  }
  return {sessionHours, loginAttempts: 5, loginWindowMs: 15 * 60_000, failDelayMs: 1000};
}
