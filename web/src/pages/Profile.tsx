// The profile form of /account: name and picture URL through authClient.updateUser.
import { useState } from "preact/hooks";
import { authClient, messageFor, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { en } from "../i18n/en";
import type { User } from "./Account";

export function Profile({ user, onSaved }: { user: User; onSaved: () => void }) {
  const [name, setName] = useState(user.name);
  const [image, setImage] = useState(user.image ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const res = await safely(() => authClient.updateUser({ name: name.trim(), image: image.trim() || null }));
    setBusy(false);
    if (res.error) {
      setError(messageFor(res.error));
      return;
    }
    setSaved(true);
    onSaved();
  };

  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title">{en.account.profileTitle}</h2>
      <form onSubmit={submit}>
        <Alert text={error} />
        <Notice text={saved ? en.account.profileSaved : null} />
        <Field id="profile-name" label={en.fields.name} value={name} onInput={setName} autocomplete="name" required />
        <Field id="profile-image" label={en.fields.image} type="url" value={image} onInput={setImage} autocomplete="photo" inputMode="url" />
        <Submit busy={busy} label={en.account.profileSave} busyLabel={en.account.saving} />
      </form>
    </section>
  );
}
