// For an unverified address on /account: sends a fresh verification link
// (authClient.sendVerificationEmail) that lands on /verify-email once the server checked it.
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "./Alert";
import { en } from "../i18n/en";

export function VerifyEmailButton({ email }: { email: string }) {
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    const res = await safely(() =>
      authClient.sendVerificationEmail({ email, callbackURL: `${window.location.origin}/verify-email` }),
    );
    setBusy(false);
    if (res.error) setError(messageFor(res.error));
    else setSent(true);
  };

  return (
    <div class="verify">
      <Alert text={error} />
      <Notice text={sent ? en.account.verificationSent : null} />
      {!sent && (
        <button type="button" class="secondary" disabled={busy} onClick={send}>
          {busy ? en.account.saving : en.account.sendVerification}
        </button>
      )}
    </div>
  );
}
