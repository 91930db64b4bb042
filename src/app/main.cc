// latchkey: the command line. Subcommands serve, migrate, config check,
// config keys, keys, secret rotate, pwned import, user, audit export and version; every
// configuration key is also a flag (--database-url, …).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/client_commands.h"
#include "app/commands.h"
#include "app/config_loader.h"
#include "app/secret_rotation.h"
#include "app/user_commands.h"
#include "features/abuse/abuse_settings.h"

namespace {

using latchkey::app::ConfigTables;

struct ConfigFlags {
  std::string file;
  std::map<std::string, std::string> values;
  bool dev = false;
};

std::string FlagName(const std::string& key) {
  std::string name = key;
  for (char& c : name) c = (c == '_') ? '-' : c;
  return name;
}

// Adds --config and one flag per configuration key to `command`, except
// where the command has its own option of that name (`user create --admin`).
void AddConfigFlags(CLI::App* command, ConfigFlags& flags) {
  command->add_option("--config", flags.file, "TOML configuration file");
  command->add_flag("--dev", flags.dev,
                    "development mode: generate and keep var/secret (0600) if no secret is set");
  for (const auto& table : ConfigTables()) {
    for (const auto& key : table.keys) {
      if (key.name == "dev") continue;
      if (command->get_option_no_throw("--" + FlagName(key.name)) != nullptr) continue;
      command->add_option_function<std::string>(
          "--" + FlagName(key.name),
          [&flags, name = key.name](const std::string& v) { flags.values[name] = v; },
          key.help + " (env " + key.env + ")");
    }
  }
}

// Loads the layered configuration or prints why it is invalid.
std::optional<latchkey::Config> Load(const ConfigFlags& flags) {
  latchkey::app::ConfigSources sources;
  if (!flags.file.empty()) sources.file = flags.file;
  sources.env = latchkey::app::ReadEnvironment();
  sources.flags = flags.values;
  if (flags.dev) sources.flags["dev"] = "true";
  auto config = latchkey::app::LoadConfig(sources);
  if (!config) {
    std::fprintf(stderr, "latchkey: invalid configuration: %s\n", config.error().detail.c_str());
    return std::nullopt;
  }
  return *config;
}

// `user create|list|set-role|ban|unban|delete` (docs/operations.md "Users
// from the command line"); fills `command` with the one parsed.
CLI::App* AddUserCommands(CLI::App& cli, ConfigFlags& flags, latchkey::app::UserCommand& command) {
  using Action = latchkey::app::UserCommand::Action;
  CLI::App* user = cli.add_subcommand("user", "Users: create the first admin, roles, bans");
  user->require_subcommand(1);
  auto add = [&](const char* name, const char* help, Action action) {
    CLI::App* sub = user->add_subcommand(name, help);
    sub->parse_complete_callback([&command, action] { command.action = action; });
    return sub;
  };
  auto email = [&](CLI::App* sub) {
    sub->add_option("--email", command.email, "the user's e-mail")->required();
  };
  CLI::App* create = add("create",
                         "Create a user; with --admin, an existing one becomes admin (its "
                         "password set to --password)",
                         Action::kCreate);
  email(create);
  create
      ->add_option("--password", command.password,
                   "the password (the policy applies); - reads one line from stdin")
      ->required();
  create->add_option("--name", command.name, "the display name (required to create)");
  create->add_flag("--admin", command.admin, "the user holds the admin role");
  create->add_flag("--verified", command.verified, "the e-mail counts as verified");
  CLI::App* list = add("list", "List users, oldest first", Action::kList);
  list->add_option("--limit", command.limit, "at most this many (default 100)")
      ->check(CLI::Range(1, 1000000));
  list->add_option("--search", command.search, "part of the e-mail");
  list->add_flag("--json", command.json, "JSON lines instead of a table");
  CLI::App* set_role = add("set-role", "Set a user's roles", Action::kSetRole);
  email(set_role);
  set_role->add_option("--role", command.role, "a role or a comma list of roles")->required();
  CLI::App* ban = add("ban", "Ban a user: every session ends", Action::kBan);
  email(ban);
  ban->add_option("--reason", command.reason, "why (default: No reason)");
  ban->add_option("--expires-in", command.expires_in, "seconds until the ban lifts (default never)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{3'200'000'000}));
  CLI::App* unban = add("unban", "Lift a user's ban", Action::kUnban);
  email(unban);
  CLI::App* remove = add("delete", "Delete a user and everything they own", Action::kDelete);
  email(remove);
  for (CLI::App* sub : {create, list, set_role, ban, unban, remove}) AddConfigFlags(sub, flags);
  return user;
}

// `clients create|list|delete|rotate-secret` (docs/oidc.md "Clients").
CLI::App* AddClientCommands(CLI::App& cli, ConfigFlags& flags,
                            latchkey::app::ClientCommand& command) {
  using Action = latchkey::app::ClientCommand::Action;
  CLI::App* clients = cli.add_subcommand("clients", "OAuth clients of the OpenID provider");
  clients->require_subcommand(1);
  auto add = [&](const char* name, const char* help, Action action) {
    CLI::App* sub = clients->add_subcommand(name, help);
    sub->parse_complete_callback([&command, action] { command.action = action; });
    return sub;
  };
  CLI::App* create =
      add("create", "Register a client; prints it as JSON with its secret (shown once)",
          Action::kCreate);
  create->add_option("--name", command.name, "the client's display name")->required();
  create->add_option("--redirect-uri", command.redirect_uris, "a redirect URI (repeat for more)");
  create->add_option("--post-logout-redirect-uri", command.post_logout_redirect_uris,
                     "a post-logout redirect URI (repeat for more)");
  create->add_flag("--public", command.is_public, "a public client (no secret; PKCE only)");
  create->add_option("--grant", command.grants,
                     "comma list of authorization_code, refresh_token, client_credentials");
  create->add_option("--scope", command.scope,
                     "allowed scopes (default \"openid profile email offline_access\")");
  create->add_flag("--skip-consent", command.skip_consent, "a first-party client: no consent page");
  create->add_option("--access-token-format", command.access_token_format,
                     "opaque (default) or jwt: access tokens as RS256 JWTs (RFC 9068)");
  create->add_option("--client-id", command.client_id, "the id (default: generated)");
  create->add_option("--client-secret", command.client_secret,
                     "the secret, 32+ characters (default: generated)");
  CLI::App* list = add("list", "List clients as JSON lines (no secrets)", Action::kList);
  CLI::App* remove = add("delete", "Delete a client with its tokens and consents", Action::kDelete);
  remove->add_option("--client-id", command.client_id, "the client")->required();
  CLI::App* rotate =
      add("rotate-secret", "A new secret; the old one stops working", Action::kRotateSecret);
  rotate->add_option("--client-id", command.client_id, "the client")->required();
  for (CLI::App* sub : {create, list, remove, rotate}) AddConfigFlags(sub, flags);
  return clients;
}

// `audit export`: its filters as flags (docs/audit.md "Command line").
CLI::App* AddAuditExport(CLI::App& cli, latchkey::app::AuditExportArgs& args) {
  CLI::App* audit = cli.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  CLI::App* command = audit->add_subcommand(
      "export", "Write audit events as CSV, newest first (safe while a server runs)");
  command->add_option("--type", args.type, "an event type, or a prefix ending in '.'");
  command->add_option("--actor", args.actor, "the acting user's id");
  command->add_option("--target", args.target, "the id of the user acted on");
  command->add_option("--outcome", args.outcome, "success or failure");
  command->add_option("--address", args.address, "the client's IP address");
  command->add_option("--from", args.from, "at or after: ms since the epoch or ISO-8601");
  command->add_option("--to", args.to, "before: ms since the epoch or ISO-8601");
  command->add_option("--output", args.output, "file to write (default: stdout)");
  return command;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"latchkey: a self-hosted authentication server, wire-compatible with Better Auth"};
  cli.require_subcommand(1);
  ConfigFlags serve_flags, migrate_flags, check_flags, keys_flags;
  CLI::App* serve = cli.add_subcommand("serve", "Serve the auth API (migrates first)");
  AddConfigFlags(serve, serve_flags);
  CLI::App* migrate = cli.add_subcommand("migrate", "Apply database migrations and exit");
  AddConfigFlags(migrate, migrate_flags);
  CLI::App* config = cli.add_subcommand("config", "Configuration tools");
  config->require_subcommand(1);
  CLI::App* check = config->add_subcommand(
      "check", "Print the effective configuration (secrets redacted); fail if invalid");
  AddConfigFlags(check, check_flags);
  CLI::App* keys_doc =
      config->add_subcommand("keys", "List every configuration key: name, env, default, help");
  bool keys_markdown = false;
  keys_doc->add_flag("--markdown", keys_markdown, "as README's tables (markdown)");
  CLI::App* keys = cli.add_subcommand("keys", "JWT signing keys");
  keys->require_subcommand(1);
  CLI::App* keys_list = keys->add_subcommand("list", "List the signing keys and their state");
  CLI::App* keys_rotate =
      keys->add_subcommand("rotate", "Make a new signing key now; the old one stays published");
  AddConfigFlags(keys_list, keys_flags);
  AddConfigFlags(keys_rotate, keys_flags);
  CLI::App* secret = cli.add_subcommand("secret", "The server secret");
  secret->require_subcommand(1);
  CLI::App* secret_rotate = secret->add_subcommand(
      "rotate",
      "Make a new secret, keeping the current one in previous_secrets (prints both; with --dev "
      "rewrites var/secret and var/previous_secrets)");
  ConfigFlags secret_flags;
  AddConfigFlags(secret_rotate, secret_flags);
  std::string secret_format = "env";
  secret_rotate->add_option("--format", secret_format, "env (LATCHKEY_…= lines) or toml")
      ->check(CLI::IsMember({"env", "toml"}));
  CLI::App* pwned = cli.add_subcommand("pwned", "Breached-password index");
  pwned->require_subcommand(1);
  CLI::App* pwned_import = pwned->add_subcommand(
      "import", "Build the offline index from a \"SHA1:count\" file (HIBP's download or a subset)");
  std::string pwned_input;
  std::string pwned_output;
  pwned_import->add_option("FILE", pwned_input, "the SHA-1 list")->required();
  pwned_import->add_option("--output", pwned_output, "index path (default: pwned_index)");
  ConfigFlags pwned_flags;
  AddConfigFlags(pwned_import, pwned_flags);
  ConfigFlags user_flags;
  latchkey::app::UserCommand user_command;
  CLI::App* user = AddUserCommands(cli, user_flags, user_command);
  ConfigFlags client_flags;
  latchkey::app::ClientCommand client_command;
  CLI::App* clients = AddClientCommands(cli, client_flags, client_command);
  latchkey::app::AuditExportArgs audit_args;
  ConfigFlags audit_flags;
  CLI::App* audit_export = AddAuditExport(cli, audit_args);
  AddConfigFlags(audit_export, audit_flags);
  ConfigFlags backup_flags, restore_flags;
  std::string backup_output, restore_input;
  CLI::App* backup = cli.add_subcommand(
      "backup", "Copy the SQLite database to a new file (consistent while a server runs)");
  backup->add_option("--output", backup_output, "the backup file to create")->required();
  AddConfigFlags(backup, backup_flags);
  CLI::App* restore = cli.add_subcommand(
      "restore", "Replace the SQLite database with a backup (the server must be stopped)");
  restore->add_option("--input", restore_input, "the backup file")->required();
  AddConfigFlags(restore, restore_flags);
  cli.add_subcommand("version", "Print the version");
  // One line on stderr for a missing or bad flag.
  cli.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("latchkey: ") + e.what() + " (see --help)\n";
  });
  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("version")) {
    std::cout << "latchkey " << LATCHKEY_VERSION << "\n";
    return 0;
  }
  if (serve->parsed()) {
    auto loaded = Load(serve_flags);
    return loaded ? latchkey::app::RunServe(std::move(*loaded)) : 2;
  }
  if (migrate->parsed()) {
    auto loaded = Load(migrate_flags);
    return loaded ? latchkey::app::RunMigrate(*loaded) : 2;
  }
  if (user->parsed()) {
    auto loaded = Load(user_flags);
    return loaded ? latchkey::app::RunUser(*loaded, user_command) : 2;
  }
  if (clients->parsed()) {
    auto loaded = Load(client_flags);
    return loaded ? latchkey::app::RunClients(*loaded, client_command) : 2;
  }
  if (keys_doc->parsed()) {
    std::cout << latchkey::app::DescribeKeys(keys_markdown);
    return 0;
  }
  if (pwned_import->parsed()) {
    auto loaded = Load(pwned_flags);
    if (!loaded) return 2;
    return latchkey::app::RunPwnedImport(
        pwned_input, pwned_output.empty()
                         ? loaded->Get<latchkey::abuse::AbuseSettings>().pwned_index
                         : pwned_output);
  }
  if (secret_rotate->parsed()) {
    auto loaded = Load(secret_flags);
    return loaded ? latchkey::app::RunSecretRotate(std::move(*loaded), secret_format) : 2;
  }
  if (audit_export->parsed()) {
    auto loaded = Load(audit_flags);
    return loaded ? latchkey::app::RunAuditExport(*loaded, audit_args) : 2;
  }
  if (backup->parsed()) {
    auto loaded = Load(backup_flags);
    return loaded ? latchkey::app::RunBackup(*loaded, backup_output) : 2;
  }
  if (restore->parsed()) {
    auto loaded = Load(restore_flags);
    return loaded ? latchkey::app::RunRestore(*loaded, restore_input) : 2;
  }
  if (keys->parsed()) {
    auto loaded = Load(keys_flags);
    return loaded ? latchkey::app::RunKeys(std::move(*loaded), keys_rotate->parsed()) : 2;
  }
  auto loaded = Load(check_flags);
  return loaded ? latchkey::app::RunConfigCheck(std::move(*loaded)) : 2;
}
