// The signed-in devices of /account: authClient.listSessions, this device marked (it cannot be
// revoked here: "Sign out" does that), one revoked with revokeSession({token}), the rest with
// revokeOtherSessions.
import { useEffect, useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { en } from "../i18n/en";

type Row = { id: string; token: string; userAgent?: string | null; ipAddress?: string | null; createdAt: string | Date; updatedAt: string | Date };

const when = (d: string | Date) => new Date(d).toLocaleString();

export function Sessions({ current }: { current: { id: string } }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const res = await safely(() => authClient.listSessions());
    if (res.error) setError(messageFor(res.error));
    else setRows((res.data as Row[] | null) ?? []);
  };
  useEffect(() => {
    void load();
  }, []);

  const run = async (call: () => Promise<{ error?: unknown }>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await safely(call as () => Promise<{ error?: { code?: string; status?: number } | null }>);
    setBusy(false);
    if (res.error) setError(messageFor(res.error));
    else setNotice(done);
    await load();
  };

  const others = (rows ?? []).filter((r) => r.id !== current.id);
  const mine = (rows ?? []).filter((r) => r.id === current.id);
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{en.account.sessionsTitle}</h2>
      <Alert text={error} />
      <Notice text={notice} />
      {rows === null ? (
        <p>{en.loading}</p>
      ) : (
        <ul class="sessions">
          {[...mine, ...others].map((r) => (
            <li key={r.id} class="session" data-session-id={r.id}>
              <div class="session-device">
                <strong>{r.userAgent || en.account.unknownDevice}</strong>
                {r.id === current.id && <span class="badge">{en.account.thisDevice}</span>}
              </div>
              <div class="session-meta">
                {r.ipAddress && <span>{r.ipAddress} · </span>}
                <span>
                  {en.account.signedInAt} {when(r.createdAt)}
                </span>
                <span>
                  {" · "}
                  {en.account.lastSeen} {when(r.updatedAt)}
                </span>
              </div>
              {r.id !== current.id && (
                <button type="button" class="secondary" disabled={busy} onClick={() => run(() => authClient.revokeSession({ token: r.token }), en.account.revoked)}>
                  {en.account.revoke}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {rows !== null &&
        (others.length > 0 ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => run(() => authClient.revokeOtherSessions(), en.account.othersRevoked)}>
            {en.account.revokeOthers}
          </button>
        ) : (
          <p class="hint">{en.account.noOthers}</p>
        ))}
    </section>
  );
}
