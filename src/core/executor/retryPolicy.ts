import { isDurableError } from "../errors";
import type { RetryPolicy } from "../sdk/types";

/** The delay before try `attempt + 1`, or undefined when the policy says stop. */
export function retryDelay(policy: RetryPolicy | undefined, attempt: number, error: unknown, random = Math.random): number | undefined {
  if (!policy || attempt >= policy.maxAttempts) return undefined;
  if (isDurableError(error, "CANCELLED") || isDurableError(error, "NOT_SERIALIZABLE") || isDurableError(error, "UNKNOWN_STATE_KEY")) return undefined;
  if (policy.retryOn && !policy.retryOn(error)) return undefined;
  const initial = policy.initialDelayMs ?? 500;
  const factor = policy.backoffFactor ?? 2;
  const max = policy.maxDelayMs ?? 30_000;
  const base = Math.min(max, initial * factor ** (attempt - 1));
  return policy.jitter === false ? base : Math.round(base * (0.5 + random()));
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. The timer never outlives either. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
