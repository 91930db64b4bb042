// The change-password form of /account (authClient.changePassword), optionally signing out
// every other device at once. A hidden username field tells password managers which account
// the new password belongs to.
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Checkbox, Field, Submit } from "../components/Field";
import { PasswordStrength } from "../components/PasswordStrength";
import { en } from "../i18n/en";

export function ChangePassword({ email }: { email: string }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [revokeOthers, setRevokeOthers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const res = await safely(() =>
      authClient.changePassword({ currentPassword: current, newPassword: next, revokeOtherSessions: revokeOthers }),
    );
    setBusy(false);
    if (res.error) {
      setError(messageFor(res.error));
      return;
    }
    setCurrent("");
    setNext("");
    setSaved(true);
  };

  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{en.account.passwordTitle}</h2>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Notice text={saved ? en.account.passwordSaved : null} />
        <input type="text" name="username" autocomplete="username" value={email} readOnly hidden />
        <Field id="current-password" label={en.fields.currentPassword} type="password" value={current} onInput={setCurrent} autocomplete="current-password" required />
        <Field id="change-new-password" label={en.fields.newPassword} type="password" value={next} onInput={setNext} autocomplete="new-password" required minLength={8} describedBy="change-strength" />
        <PasswordStrength id="change-strength" password={next} />
        <Checkbox id="revoke-others" label={en.fields.revokeOthers} checked={revokeOthers} onChange={setRevokeOthers} />
        <Submit busy={busy} label={en.account.passwordSave} busyLabel={en.account.saving} />
      </form>
    </section>
  );
}
