// The change-email form of /account/profile, shown where the server has change-email on (page
// settings, docs/web.md). A verified address approves the change first (the mail goes to the old
// address, whose link mails the new one); an unverified one gets the link at the new address
// (docs/compatibility.md "change-email flow"). The password proves it is the owner when the
// session is not fresh; without it such a session gets SESSION_NOT_FRESH. Both links come back to
// this page. The answer is the same for an address another account uses (no enumeration).
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { en } from "../i18n/en";
import type { User } from "./Account";

export function ChangeEmail({ user }: { user: User }) {
  const t = en.changeEmail;
  const [newEmail, setNewEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const wanted = newEmail.trim();
    if (wanted.toLowerCase() === user.email.toLowerCase()) return setError(t.sameAddress);
    setBusy(true);
    setError(null);
    setSent(null);
    // `password` is latchkey's proof for a session that is not fresh; Better Auth's type lacks it.
    const body = { newEmail: wanted, callbackURL: `${window.location.origin}/account/profile`, ...(password ? { password } : {}) };
    const res = await safely(() => authClient.changeEmail(body as { newEmail: string; callbackURL: string }));
    setBusy(false);
    if (res.error) return setError(messageFor(res.error));
    setPassword("");
    setSent(user.emailVerified ? t.sentVerified : t.sentUnverified);
  };

  return (
    <section aria-labelledby="change-email-title">
      <h2 id="change-email-title">{t.title}</h2>
      <p>
        {t.current}: <strong data-testid="current-email">{user.email}</strong>
      </p>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Notice text={sent} />
        <Field id="new-email" label={t.newEmail} type="email" value={newEmail} onInput={setNewEmail} autocomplete="email" required inputMode="email" />
        <Field id="change-email-password" label={t.password} type="password" value={password} onInput={setPassword} autocomplete="current-password" />
        <Submit busy={busy} label={t.submit} busyLabel={t.busy} />
      </form>
    </section>
  );
}
