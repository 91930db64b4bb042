// /admin/users?id=…: one user. Role (set-role), suspension with a reason and an end (ban-user /
// unban-user: the user's sessions end at once), the operator extras (latchkey's reset-two-factor,
// resend-verification, unlock-user), impersonation, the plan (with plans on, billing:read) and
// the user's sessions.
import { useEffect, useState } from "preact/hooks";
import { authClient, safely, type ApiError } from "../../auth";
import { Notice } from "../../components/Alert";
import { Field } from "../../components/Field";
import { en } from "../../i18n/en";
import { Link } from "../../router";
import type { Can } from "./Admin";
import { pageSettings } from "../../settings";
import { AdminPlan } from "./AdminPlan";
import { AdminUserSessions } from "./AdminUserSessions";
import { AdminAlert } from "./AdminAlert";
import { adminMessage, latchkeyPost, when } from "./shared";

type User = {
  id: string; email: string; name: string; emailVerified: boolean; role?: string | null;
  banned?: boolean | null; banReason?: string | null; banExpires?: string | Date | null; createdAt: string | Date;
};
const ROLES = ["user", "support", "billing_admin", "admin"];

export function AdminUser({ id, selfId, can }: { id: string; selfId: string; can: Can }) {
  const [user, setUser] = useState<User | null>(null);
  const [role, setRole] = useState("user");
  const [reason, setReason] = useState("");
  const [days, setDays] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0); // bumps after each action: the sessions list reloads

  const load = async () => {
    const res = await safely(() => authClient.admin.getUser({ query: { id } }));
    if (res.error) return setError(adminMessage(res.error));
    const u = res.data as User;
    setUser(u);
    setRole(u.role ?? "user");
  };
  useEffect(() => {
    void load();
  }, []);

  /** Runs one admin call, shows its message, reloads the user. */
  const run = async (call: () => Promise<{ error?: ApiError }>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const res = await safely(call as () => Promise<{ error?: ApiError }>);
    await load(); // the new state first, then the message that announces it
    setVersion((v) => v + 1);
    setBusy(false);
    if (res.error) setError(adminMessage(res.error));
    else setNotice(done);
  };

  if (!user) return error ? <AdminAlert text={error} /> : <p>{en.loading}</p>;
  const userId = user.id;
  const ban = (e: Event) => {
    e.preventDefault();
    const n = Number.parseFloat(days);
    const banExpiresIn = n > 0 ? Math.round(n * 86400) : undefined; // seconds, as Better Auth's
    void run(() => authClient.admin.banUser({ userId, banReason: reason.trim() || undefined, banExpiresIn }), en.admin.bannedDone);
  };
  const impersonate = async () => {
    setBusy(true);
    const res = await safely(() => authClient.admin.impersonateUser({ userId }));
    setBusy(false);
    if (res.error) return setError(adminMessage(res.error));
    // A full load: every view starts again as the user, under the banner.
    window.location.assign("/account");
  };
  const roles = ROLES.includes(user.role ?? "user") ? ROLES : [...ROLES, user.role!];
  const setUserRole = (e: Event) => {
    e.preventDefault();
    void run(() => authClient.admin.setRole({ userId, role: role as "user" }), en.admin.roleSaved);
  };
  // The operator extras are latchkey's routes (docs/permissions.md "Account operations").
  const ops: [string, () => void][] = [];
  if (can("user:reset-two-factor")) ops.push([en.admin.resetTwoFactor, () => run(() => latchkeyPost("/admin/reset-two-factor", { userId }), en.admin.twoFactorReset)]);
  if (can("user:resend-verification") && !user.emailVerified)
    ops.push([en.admin.resendVerification, () => run(() => latchkeyPost("/admin/resend-verification", { userId, callbackURL: "/verify-email" }), en.admin.verificationResent)]);
  if (can("user:unlock")) ops.push([en.admin.unlock, () => run(() => latchkeyPost("/admin/unlock-user", { userId }), en.admin.unlocked)]);
  if (can("user:impersonate") && userId !== selfId && !user.banned) ops.push([en.admin.impersonate, impersonate]);

  return (
    <section aria-labelledby="user-title">
      <h2 id="user-title">{user.email}</h2>
      <p class="links">
        <Link href="/admin/users">{en.admin.backToUsers}</Link>
      </p>
      <AdminAlert text={error} />
      <Notice text={notice} />
      <dl class="summary">
        <dt>{en.fields.name}</dt>
        <dd>{user.name}</dd>
        <dt>{en.account.emailStatus}</dt>
        <dd>{user.emailVerified ? en.account.verified : en.account.unverified}</dd>
        <dt>{en.admin.created}</dt>
        <dd>{when(user.createdAt)}</dd>
        <dt>{en.admin.banned}</dt>
        <dd data-testid="ban-status">
          {user.banned ? `${en.admin.suspended}${user.banExpires ? ` ${en.admin.banEnds} ${when(user.banExpires)}` : ""}` : en.admin.activeOnly}
          {user.banned && user.banReason ? ` · ${en.admin.reasonLabel}: ${user.banReason}` : ""}
        </dd>
      </dl>

      {can("user:set-role") && (
        <form class="inline-form" onSubmit={setUserRole}>
          <div class="field">
            <label for="role">{en.admin.role}</label>
            <select id="role" name="role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              {roles.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </div>
          <button type="submit" class="secondary" disabled={busy}>{en.admin.roleSave}</button>
        </form>
      )}

      {can("user:ban") && <h3>{en.admin.banTitle}</h3>}
      {can("user:ban") && user.banned && (
        <button type="button" class="secondary" disabled={busy} onClick={() => run(() => authClient.admin.unbanUser({ userId }), en.admin.unbanned)}>
          {en.admin.unban}
        </button>
      )}
      {can("user:ban") && !user.banned && (
        <form onSubmit={ban}>
          <Field id="ban-reason" label={en.admin.banReason} value={reason} onInput={setReason} autocomplete="off" />
          <Field id="ban-days" label={en.admin.banExpiry} type="number" value={days} onInput={setDays} autocomplete="off" inputMode="decimal" />
          <button type="submit" class="danger" disabled={busy || userId === selfId}>{en.admin.ban}</button>
        </form>
      )}

      {ops.length > 0 && <h3>{en.admin.operations}</h3>}
      <div class="button-row">
        {ops.map(([label, action]) => (
          <button key={label} type="button" class="secondary" disabled={busy} onClick={action}>
            {label}
          </button>
        ))}
      </div>

      {can("billing:read") && pageSettings.plans && (
        <AdminPlan userId={userId} canUpdate={can("billing:update")} plans={pageSettings.plans} />
      )}
      {can("session:list") && <AdminUserSessions key={version} userId={userId} canRevoke={can("session:revoke")} />}
    </section>
  );
}
