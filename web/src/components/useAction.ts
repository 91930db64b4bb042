// The busy / error / notice state every account form shares: run one SDK call, show the
// catalogue's message for its error or the given confirmation, then reload what it changed.
import { useState } from "preact/hooks";
import { type ApiError, messageFor, safely } from "../auth";

export type Result = { data?: unknown; error?: ApiError };

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Runs `call`; on success shows `done` and runs `then`. Returns the answer's data or null. */
  const run = async (call: () => Promise<Result>, done: string | null, then?: () => unknown) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await safely(call as () => Promise<{ data?: unknown; error?: ApiError }>);
    setBusy(false);
    if (res.error) {
      setError(messageFor(res.error));
      return null;
    }
    setNotice(done);
    await then?.();
    return res.data ?? null;
  };
  return { busy, error, notice, run, setError, setNotice };
}
