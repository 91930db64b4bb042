// A user's open sessions in the admin console: list-user-sessions, revoke-user-session (its
// `token` is a handle, docs/api.md), revoke-user-sessions.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely, type ApiError } from "../../auth";
import { Notice } from "../../components/Alert";
import { en } from "../../i18n/en";
import { AdminAlert } from "./AdminAlert";
import { adminMessage, when } from "./shared";

type Row = { id: string; token: string; userAgent?: string | null; ipAddress?: string | null; createdAt: string; impersonatedBy?: string | null };

export function AdminUserSessions({ userId, canRevoke }: { userId: string; canRevoke: boolean }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const res = await safely(() => authClient.admin.listUserSessions({ userId }));
    if (res.error) setError(adminMessage(res.error));
    else setRows(((res.data as { sessions?: Row[] } | null)?.sessions ?? []) as Row[]);
  };
  useEffect(() => {
    void load();
  }, [userId]);

  const run = async (call: () => Promise<{ error?: ApiError }>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await safely(call as () => Promise<{ error?: ApiError }>);
    await load();
    setBusy(false);
    if (res.error) setError(adminMessage(res.error));
    else setNotice(done);
  };

  return (
    <section aria-labelledby="user-sessions-title">
      <h3 id="user-sessions-title">{en.admin.sessionsTitle}</h3>
      <AdminAlert text={error} />
      <Notice text={notice} />
      {rows === null && !error && <p>{en.loading}</p>}
      {rows?.length === 0 && <p class="hint">{en.admin.noSessions}</p>}
      {rows && rows.length > 0 && (
        <>
          <ul class="sessions">
            {rows.map((r) => (
              <li key={r.id} class="session">
                <strong class="session-device">{r.userAgent || en.account.unknownDevice}</strong>
                <span class="session-meta">
                  {r.ipAddress ? `${r.ipAddress} · ` : ""}
                  {en.account.signedInAt} {when(r.createdAt)}
                </span>
                {canRevoke && (
                  <button type="button" class="secondary" disabled={busy} onClick={() => run(() => authClient.admin.revokeUserSession({ sessionToken: r.token }), en.admin.sessionRevoked)}>
                    {en.admin.revokeSession}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {canRevoke && (
            <button type="button" class="secondary" disabled={busy} onClick={() => run(() => authClient.admin.revokeUserSessions({ userId }), en.admin.sessionsRevoked)}>
              {en.admin.revokeAll}
            </button>
          )}
        </>
      )}
    </section>
  );
}
