// /account/delete: deleting the account with the password as proof (authClient.deleteUser).
// With delete_user_confirm_by_mail the server mails a link instead of deleting ("Verification
// email sent"); that link, opened while signed in, deletes and redirects to callbackURL, the
// /account/deleted view below. Deletion switched off on the server answers a bare 404.
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field } from "../components/Field";
import { Page } from "../components/Page";
import { en, errorText } from "../i18n/en";
import { Link, navigate } from "../router";

export const DELETED_PATH = "/account/deleted";

export function DeleteAccount() {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mailed, setMailed] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await safely(() => authClient.deleteUser({ password, callbackURL: DELETED_PATH }));
    setBusy(false);
    if (res.error) {
      setError(res.error.status === 404 && !res.error.code ? en.deleteAccount.disabled : messageFor(res.error));
      return;
    }
    setPassword("");
    const message = (res.data as { message?: string } | null)?.message ?? "";
    // Better Auth's two answers: "User deleted", or "Verification email sent" (confirm by mail).
    if (/verification/i.test(message)) setMailed(true);
    else navigate(DELETED_PATH, true);
  };

  return (
    <section aria-labelledby="delete-title">
      <h2 id="delete-title">{en.deleteAccount.title}</h2>
      <p>{en.deleteAccount.warning}</p>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Notice text={mailed ? en.deleteAccount.confirmMailSent : null} />
        <Field id="delete-password" label={en.fields.password} type="password" value={password} onInput={setPassword} autocomplete="current-password" required />
        <button type="submit" class="danger" disabled={busy} aria-busy={busy ? "true" : undefined}>
          {busy ? en.deleteAccount.deleting : en.deleteAccount.confirm}
        </button>
      </form>
    </section>
  );
}

/**
 * Where a deletion ends: nothing here needs a session (the account is gone). A refused link
 * (expired, used, opened signed out) comes back as callbackURL?error=CODE: that is no deletion.
 */
export function AccountDeleted() {
  const code = new URLSearchParams(window.location.search).get("error");
  if (code) {
    return (
      <Page title={en.errorPage.title}>
        <Alert text={errorText(code)} />
        <p class="links">
          <Link href="/account/delete">{en.deleteAccount.title}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={en.deleteAccount.goneTitle}>
      <p role="status">{en.deleteAccount.gone}</p>
      <p class="links">
        <Link href="/sign-up">{en.signUp.title}</Link>
      </p>
    </Page>
  );
}
