#include "app/client_commands.h"

#include <cstdio>

#include "app/application.h"
#include "app/commands.h"
#include "app/user_operations.h"
#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_store.h"
#include "observability/log.h"

namespace latchkey::app {
namespace {

namespace oidc = oidc_provider;

constexpr const char* kClientCommandNames[] = {"create", "list", "delete", "rotate-secret"};

int Report(const ClientCommand& command, const Error& error) {
  std::fprintf(stderr, "latchkey: clients %s: %s\n",
               kClientCommandNames[static_cast<int>(command.action)], Describe(error).c_str());
  return error.kind == ErrorKind::kInternal || error.kind == ErrorKind::kUnavailable ? 1 : 2;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    const std::size_t end = std::min(text.find(',', i), text.size());
    if (end > i) out.push_back(text.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

Result<void> Audit(store::Transaction& tx, const Clock& clock, std::string_view type,
                   const std::string& client_id) {
  std::string details;
  json::ObjectWriter(details).String("clientId", client_id).Close();
  return audit::RecordWithoutRequest(
      tx, clock, "cli", {.type = type, .outcome = audit::kSuccess, .details_json = details});
}

Result<void> Run(store::Store& store, const Clock& clock, const ClientCommand& c) {
  using A = ClientCommand::Action;
  const TimeMs now = clock.NowMs();
  switch (c.action) {
    case A::kCreate: {
      oidc::ClientSpec spec{.name = c.name,
                            .redirect_uris = c.redirect_uris,
                            .post_logout_redirect_uris = c.post_logout_redirect_uris,
                            .grant_types = SplitCommas(c.grants),
                            .scopes = oidc::SplitScope(c.scope),
                            .is_public = c.is_public,
                            .skip_consent = c.skip_consent,
                            .client_id = c.client_id,
                            .client_secret = c.client_secret,
                            .access_token_format = c.access_token_format};
      LK_TRY(oidc::NormalizeClientSpec(spec));
      LK_ASSIGN_OR_RETURN(
          auto created,
          store::InTransaction(store, [&](store::Transaction& tx) -> Result<oidc::CreatedClient> {
            LK_ASSIGN_OR_RETURN(auto made, oidc::InsertClient(tx, spec, now));
            LK_TRY(Audit(tx, clock, "oauth.client_create", made.client.client_id));
            return made;
          }));
      std::printf("%s\n", oidc::ClientJson(created.client, created.secret).c_str());
      return {};
    }
    case A::kList: {
      LK_ASSIGN_OR_RETURN(auto clients, store::InTransaction(store, [](store::Transaction& tx) {
                            return oidc::ListClients(tx);
                          }));
      for (const oidc::Client& client : clients) {
        std::printf("%s\n", oidc::ClientJson(client).c_str());
      }
      return {};
    }
    case A::kDelete:
      LK_TRY(store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(bool deleted, oidc::DeleteClient(tx, c.client_id));
        if (!deleted) return Fail(UsageError("no client " + c.client_id));
        return Audit(tx, clock, "oauth.client_delete", c.client_id);
      }));
      std::fprintf(stderr, "deleted %s\n", c.client_id.c_str());
      return {};
    case A::kRotateSecret: {
      LK_ASSIGN_OR_RETURN(
          auto rotated,
          store::InTransaction(store, [&](store::Transaction& tx) -> Result<oidc::CreatedClient> {
            LK_ASSIGN_OR_RETURN(auto secret, oidc::RotateClientSecret(tx, c.client_id, now));
            if (!secret) return Fail(UsageError("no client " + c.client_id));
            LK_TRY(Audit(tx, clock, "oauth.client_secret_rotate", c.client_id));
            LK_ASSIGN_OR_RETURN(auto client, oidc::FindClient(tx, c.client_id));
            oidc::CreatedClient out;
            if (client) out.client = std::move(*client);
            out.secret = std::move(*secret);
            return out;
          }));
      std::printf("%s\n", oidc::ClientJson(rotated.client, rotated.secret).c_str());
      return {};
    }
  }
  return {};
}

}  // namespace

int RunClients(const Config& config, const ClientCommand& command) {
  log::InitLogging(config.log_format == "text" ? log::Format::kText : log::Format::kJson,
                   config.log_level == "error" ? log::Level::kError : log::Level::kWarn);
  crypto::InitCrypto();
  SystemClock clock;
  auto app = OpenAndMigrate(config, clock, /*beside_a_server=*/true);
  if (!app) return Report(command, app.error());
  if (auto done = Run((*app)->store(), clock, command); !done) return Report(command, done.error());
  std::fflush(stdout);
  return 0;
}

}  // namespace latchkey::app
