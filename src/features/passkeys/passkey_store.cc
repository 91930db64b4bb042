#include "features/passkeys/passkey_store.h"

#include "core/json_writer.h"

namespace latchkey::passkeys {
namespace {

constexpr std::string_view kColumns =
    "id, name, public_key, user_id, credential_id, counter, device_type, backed_up, transports, "
    "aaguid, attestation_format, user_handle, created_at";

Result<Passkey> RowToPasskey(const store::Row& row) {
  Passkey p;
  LK_ASSIGN_OR_RETURN(p.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(p.name, row.GetNullableString("name"));
  LK_ASSIGN_OR_RETURN(p.public_key, row.GetString("public_key"));
  LK_ASSIGN_OR_RETURN(p.user_id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(p.credential_id, row.GetString("credential_id"));
  LK_ASSIGN_OR_RETURN(p.counter, row.GetInt("counter"));
  LK_ASSIGN_OR_RETURN(p.device_type, row.GetString("device_type"));
  LK_ASSIGN_OR_RETURN(p.backed_up, row.GetBool("backed_up"));
  LK_ASSIGN_OR_RETURN(p.transports, row.GetNullableString("transports"));
  LK_ASSIGN_OR_RETURN(p.aaguid, row.GetNullableString("aaguid"));
  LK_ASSIGN_OR_RETURN(p.attestation_format, row.GetString("attestation_format"));
  LK_ASSIGN_OR_RETURN(p.user_handle, row.GetNullableString("user_handle"));
  LK_ASSIGN_OR_RETURN(p.created_at, row.GetInt("created_at"));
  return p;
}

Result<std::optional<Passkey>> FindOne(store::Transaction& tx, std::string_view column,
                                       std::string_view value) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT " + std::string(kColumns) + " FROM passkeys WHERE " +
                                   std::string(column) + " = ?",
                               {std::string(value)}));
  if (rows.empty()) return std::optional<Passkey>();
  LK_ASSIGN_OR_RETURN(Passkey passkey, RowToPasskey(rows.front()));
  return std::optional<Passkey>(std::move(passkey));
}

store::Value Nullable(const std::optional<std::string>& value) {
  if (!value) return nullptr;
  return *value;
}

}  // namespace

std::string PasskeyJson(const Passkey& p) {
  std::string out;
  json::ObjectWriter(out)
      .String("id", p.id)
      .NullableString("name", p.name)
      .String("publicKey", p.public_key)
      .String("userId", p.user_id)
      .String("credentialID", p.credential_id)
      .Int("counter", p.counter)
      .String("deviceType", p.device_type)
      .Bool("backedUp", p.backed_up)
      .NullableString("transports", p.transports)
      .String("createdAt", FormatIsoTime(p.created_at))
      .NullableString("aaguid", p.aaguid)
      .Close();
  return out;
}

namespace passkey_store {

Result<void> Insert(store::Transaction& tx, const Passkey& p) {
  LK_TRY(
      tx.Exec("INSERT INTO passkeys (" + std::string(kColumns) +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {p.id, Nullable(p.name), p.public_key, p.user_id, p.credential_id, p.counter,
               p.device_type, std::int64_t{p.backed_up ? 1 : 0}, Nullable(p.transports),
               Nullable(p.aaguid), p.attestation_format, Nullable(p.user_handle), p.created_at}));
  return {};
}

Result<std::vector<Passkey>> ListByUser(store::Transaction& tx, std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kColumns) +
                                              " FROM passkeys WHERE user_id = ? ORDER BY "
                                              "created_at, id",
                                          {std::string(user_id)}));
  std::vector<Passkey> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(Passkey passkey, RowToPasskey(row));
    out.push_back(std::move(passkey));
  }
  return out;
}

Result<std::optional<Passkey>> FindById(store::Transaction& tx, std::string_view id) {
  return FindOne(tx, "id", id);
}

Result<std::optional<Passkey>> FindByCredentialId(store::Transaction& tx,
                                                  std::string_view credential_id) {
  return FindOne(tx, "credential_id", credential_id);
}

Result<bool> CredentialExists(store::Transaction& tx, std::string_view credential_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 AS one FROM passkeys WHERE credential_id = ?",
                                          {std::string(credential_id)}));
  return !rows.empty();
}

Result<void> Rename(store::Transaction& tx, std::string_view id, std::string_view name) {
  LK_TRY(
      tx.Exec("UPDATE passkeys SET name = ? WHERE id = ?", {std::string(name), std::string(id)}));
  return {};
}

Result<void> Delete(store::Transaction& tx, std::string_view id) {
  LK_TRY(tx.Exec("DELETE FROM passkeys WHERE id = ?", {std::string(id)}));
  return {};
}

Result<void> RecordUse(store::Transaction& tx, std::string_view id, std::int64_t counter,
                       bool backed_up, TimeMs now) {
  LK_TRY(tx.Exec("UPDATE passkeys SET counter = ?, backed_up = ?, last_used_at = ? WHERE id = ?",
                 {counter, std::int64_t{backed_up ? 1 : 0}, now, std::string(id)}));
  return {};
}

Result<void> PutChallenge(store::Transaction& tx, std::string_view id_hash,
                          const CeremonyChallenge& challenge, TimeMs expires_at, TimeMs now) {
  // Dead ceremonies go with each new one: the table stays small.
  LK_TRY(tx.Exec("DELETE FROM passkey_challenges WHERE expires_at <= ?", {now}));
  store::Value user = nullptr;
  if (!challenge.user_id.empty()) user = challenge.user_id;
  store::Value handle = nullptr;
  if (!challenge.user_handle.empty()) handle = challenge.user_handle;
  LK_TRY(tx.Exec(
      "INSERT INTO passkey_challenges (id_hash, kind, challenge, user_handle, user_id, "
      "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {std::string(id_hash), challenge.kind, challenge.challenge, handle, user, expires_at, now}));
  return {};
}

Result<std::optional<CeremonyChallenge>> ConsumeChallenge(store::Transaction& tx,
                                                          std::string_view id_hash, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT kind, challenge, user_handle, user_id, expires_at FROM "
                               "passkey_challenges WHERE id_hash = ?",
                               {std::string(id_hash)}));
  if (rows.empty()) return std::optional<CeremonyChallenge>();
  LK_ASSIGN_OR_RETURN(
      std::int64_t deleted,
      tx.Exec("DELETE FROM passkey_challenges WHERE id_hash = ?", {std::string(id_hash)}));
  LK_ASSIGN_OR_RETURN(TimeMs expires_at, rows.front().GetInt("expires_at"));
  if (deleted != 1 || expires_at <= now) return std::optional<CeremonyChallenge>();
  CeremonyChallenge challenge;
  LK_ASSIGN_OR_RETURN(challenge.kind, rows.front().GetString("kind"));
  LK_ASSIGN_OR_RETURN(challenge.challenge, rows.front().GetString("challenge"));
  LK_ASSIGN_OR_RETURN(auto user, rows.front().GetNullableString("user_id"));
  challenge.user_id = user.value_or("");
  LK_ASSIGN_OR_RETURN(auto handle, rows.front().GetNullableString("user_handle"));
  challenge.user_handle = handle.value_or("");
  return std::optional<CeremonyChallenge>(std::move(challenge));
}

}  // namespace passkey_store
}  // namespace latchkey::passkeys
