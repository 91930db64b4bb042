// A labelled input. Every field has a visible <label for>, an autocomplete hint so password
// managers fill and save it, and nothing that blocks paste.
import type { JSX } from "preact";

type Props = {
  id: string;
  label: string;
  type?: string;
  value: string;
  onInput: (value: string) => void;
  autocomplete: string;
  required?: boolean;
  minLength?: number;
  describedBy?: string;
  invalid?: boolean;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>["inputMode"];
};

export function Field(p: Props) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.id}
        type={p.type ?? "text"}
        value={p.value}
        onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)}
        autocomplete={p.autocomplete}
        required={p.required}
        minLength={p.minLength}
        inputMode={p.inputMode}
        aria-describedby={p.describedBy}
        aria-invalid={p.invalid ? "true" : undefined}
        spellcheck={p.type === "password" || p.type === "email" ? false : undefined}
        autocapitalize={p.type === "email" || p.type === "password" ? "none" : undefined}
      />
    </div>
  );
}

type CheckProps = { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void };

export function Checkbox({ id, label, checked, onChange }: CheckProps) {
  return (
    <div class="check">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
    </div>
  );
}

type ButtonProps = { busy: boolean; label: string; busyLabel: string };

/** The submit button: disabled while the request runs so a double click sends one request. */
export function Submit({ busy, label, busyLabel }: ButtonProps) {
  return (
    <button type="submit" class="primary" disabled={busy} aria-busy={busy ? "true" : undefined}>
      {busy ? busyLabel : label}
    </button>
  );
}
