// "You are acting as <user>" on every page while an admin impersonates someone (docs/permissions.md
// "Impersonation"). It reads Better Auth's shared session atom, which the admin client refreshes
// after impersonate-user and stop-impersonating, so the frame needs no request of its own beyond it.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../auth";
import { en } from "../i18n/en";

type Data = { user?: { email?: string }; session?: { impersonatedBy?: string | null } } | null;

export function ImpersonationBanner() {
  const [data, setData] = useState<Data>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => authClient.useSession.subscribe((s) => setData(s.data as Data)), []);
  if (!data?.session?.impersonatedBy) return null;

  const stop = async () => {
    setBusy(true);
    const res = await safely(() => authClient.admin.stopImpersonating());
    // A full load, so every view (and the session atom) starts again as the admin. Without the
    // admin's session (ADMIN_SESSION_NOT_FOUND) the impersonation ended anyway: sign in again.
    window.location.assign(res.error ? "/sign-in?redirect=%2Fadmin" : "/admin/users");
  };
  return (
    <aside class="impersonation" aria-label={en.impersonation.acting}>
      <p>
        {en.impersonation.acting} <strong data-testid="impersonated-email">{data.user?.email}</strong>
      </p>
      <button type="button" class="primary" onClick={stop} disabled={busy}>
        {busy ? en.impersonation.stopping : en.impersonation.stop}
      </button>
    </aside>
  );
}
