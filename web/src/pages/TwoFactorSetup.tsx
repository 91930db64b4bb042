// /account/two-factor: turn two-factor authentication on (password → twoFactor.enable answers
// the otpauth:// URI and the recovery codes; the QR code is GET /api/auth/two-factor/qr, an SVG
// of the pending setup, same origin so the CSP's img-src 'self' allows it; a first code from the
// app confirms it with verifyTotp, and only then does it count), make new recovery codes, or
// turn it off. Each change asks for the current password again.
import { useState } from "preact/hooks";
import { authClient, messageFor, safely, type ApiError } from "../auth";
import { Alert } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { RecoveryCodes } from "../components/RecoveryCodes";
import { en } from "../i18n/en";

// `started` makes each setup's QR URL new: an <img> of a URL already shown may come from the
// page's image cache even though the answer is no-store, and a restarted setup has a new key.
type Setup = { totpURI: string; backupCodes: string[]; started: number };

/** The base32 secret of an otpauth:// URI, in groups of four for typing by hand. */
function secretOf(uri: string): string {
  try {
    return (new URL(uri).searchParams.get("secret") ?? "").replace(/(.{4})/g, "$1 ").trim();
  } catch {
    return "";
  }
}

type FormProps = { id: string; title: string; intro?: string; label: string; onPassword: (p: string) => Promise<ApiError | null> };

/** A form that asks for the current password and runs one call with it. */
function PasswordForm({ id, title, intro, label, onPassword }: FormProps) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const err = await onPassword(password);
    setBusy(false);
    if (err !== null) setError(messageFor(err));
    else setPassword("");
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {intro && <p>{intro}</p>}
      <Alert text={error} />
      <Field id={`${id}-password`} label={en.fields.currentPassword} type="password" value={password} onInput={setPassword} autocomplete="current-password" required />
      <Submit busy={busy} label={label} busyLabel={en.account.saving} />
    </form>
  );
}

export function TwoFactorSetup({ enabled, onChanged }: { enabled: boolean; onChanged: () => Promise<void> }) {
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const enable = async (password: string) => {
    const res = await safely(() => authClient.twoFactor.enable({ password }));
    if (res.error) return res.error;
    setSetup({ ...(res.data as Omit<Setup, "started">), started: Date.now() });
    return null;
  };

  const confirm = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await safely(() => authClient.twoFactor.verifyTotp({ code: code.trim() }));
    setBusy(false);
    if (res.error) {
      setError(messageFor(res.error));
      return;
    }
    setCodes(setup?.backupCodes ?? null);
    setSetup(null);
    setCode("");
    await onChanged();
  };

  const regenerate = async (password: string) => {
    const res = await safely(() => authClient.twoFactor.generateBackupCodes({ password }));
    if (res.error) return res.error;
    setCodes((res.data as { backupCodes: string[] }).backupCodes);
    return null;
  };

  const disable = async (password: string) => {
    const res = await safely(() => authClient.twoFactor.disable({ password }));
    if (res.error) return res.error;
    setCodes(null);
    await onChanged();
    return null;
  };

  return (
    <section aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{en.twoFactor.tab}</h2>
      {/* A live region: turning it on or off is announced by this line changing. */}
      <p role="status" data-testid="two-factor-status">{enabled ? en.twoFactor.statusOn : en.twoFactor.statusOff}</p>
      {codes && <RecoveryCodes codes={codes} />}
      {!enabled && !setup && <PasswordForm id="enable" title={en.twoFactor.enable} label={en.twoFactor.enable} onPassword={enable} />}
      {!enabled && setup && (
        <form onSubmit={confirm} aria-labelledby="scan-title">
          <h3 id="scan-title">{en.twoFactor.enable}</h3>
          <p>{en.twoFactor.scanIntro}</p>
          <img class="qr" src={`/api/auth/two-factor/qr?setup=${setup.started}`} alt={en.twoFactor.qrAlt} width={200} height={200} />
          <p>
            {en.twoFactor.secretLabel}: <code data-testid="totp-secret">{secretOf(setup.totpURI)}</code>
          </p>
          <Alert text={error} />
          <Field id="setup-code" label={en.twoFactor.code} value={code} onInput={setCode} autocomplete="one-time-code" required inputMode="numeric" />
          <Submit busy={busy} label={en.twoFactor.confirm} busyLabel={en.twoFactor.busy} />
        </form>
      )}
      {enabled && (
        <>
          <PasswordForm id="regenerate" title={en.twoFactor.regenerateTitle} intro={en.twoFactor.regenerateIntro} label={en.twoFactor.regenerate} onPassword={regenerate} />
          <PasswordForm id="disable" title={en.twoFactor.disableTitle} label={en.twoFactor.disable} onPassword={disable} />
        </>
      )}
    </section>
  );
}
