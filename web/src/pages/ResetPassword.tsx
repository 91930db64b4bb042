// /reset-password: the landing of the mailed link. The server checked the link and redirected
// here with ?token= (valid) or ?error=INVALID_TOKEN (expired, used or unknown).
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { Page } from "../components/Page";
import { PasswordStrength } from "../components/PasswordStrength";
import { en, errorText } from "../i18n/en";
import { Link } from "../router";

export function ResetPassword({ query }: { query: URLSearchParams }) {
  const token = query.get("token");
  const linkError = query.get("error");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  if (linkError || !token) {
    return (
      <Page title={en.reset.title}>
        <Alert text={linkError ? errorText(linkError) : en.reset.missingToken} />
        <p class="links">
          <Link href="/forgot-password">{en.reset.askAgain}</Link>
        </p>
      </Page>
    );
  }
  if (done) {
    return (
      <Page title={en.reset.doneTitle}>
        <Notice text={en.reset.done} />
        <p class="links">
          <Link href="/sign-in">{en.reset.signIn}</Link>
        </p>
      </Page>
    );
  }

  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== confirm) {
      setError(en.reset.mismatch);
      return;
    }
    setBusy(true);
    setError(null);
    const res = await safely(() => authClient.resetPassword({ newPassword: password, token }));
    setBusy(false);
    if (res.error) setError(messageFor(res.error));
    else setDone(true);
  };

  const tokenDead = error === en.errors.INVALID_TOKEN;
  return (
    <Page title={en.reset.title}>
      <form onSubmit={submit}>
        <Alert text={error} />
        {tokenDead && (
          <p class="links">
            <Link href="/forgot-password">{en.reset.askAgain}</Link>
          </p>
        )}
        <Field id="new-password" label={en.fields.newPassword} type="password" value={password} onInput={setPassword} autocomplete="new-password" required minLength={8} describedBy="password-strength" />
        <PasswordStrength id="password-strength" password={password} />
        <Field id="confirm-password" label={en.fields.confirmPassword} type="password" value={confirm} onInput={setConfirm} autocomplete="new-password" required invalid={mismatch} describedBy={mismatch ? "confirm-hint" : undefined} />
        {mismatch && (
          <p id="confirm-hint" class="hint hint-bad">
            {en.reset.mismatch}
          </p>
        )}
        <Submit busy={busy} label={en.reset.submit} busyLabel={en.reset.busy} />
      </form>
    </Page>
  );
}
