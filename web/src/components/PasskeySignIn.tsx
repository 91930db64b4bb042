// "Sign in with a passkey" on /sign-in: a usernameless WebAuthn ceremony (authClient.signIn
// .passkey, the authenticator offers its discoverable credentials). Shown only where the browser
// has WebAuthn. A passkey is a first factor like a password: a two-factor account continues at
// /two-factor.
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { en } from "../i18n/en";
import { afterFirstFactor } from "../pages/TwoFactor";
import { Alert } from "./Alert";

export const hasWebAuthn = () => typeof window.PublicKeyCredential === "function";

export function PasskeySignIn({ target }: { target: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!hasWebAuthn()) return null;

  const start = async () => {
    setBusy(true);
    setError(null);
    const res = await safely(() => authClient.signIn.passkey());
    setBusy(false);
    if (res.error) setError(messageFor(res.error));
    else afterFirstFactor(res.data, target);
  };

  return (
    <div class="passkey-sign-in">
      <p class="divider">{en.passkeys.or}</p>
      <Alert text={error} />
      <button type="button" class="secondary wide" disabled={busy} aria-busy={busy ? "true" : undefined} onClick={start}>
        {busy ? en.passkeys.signInBusy : en.passkeys.signIn}
      </button>
    </div>
  );
}
