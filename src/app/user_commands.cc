#include "app/user_commands.h"

#include <cstdio>
#include <iostream>
#include <string>

#include "app/application.h"
#include "app/commands.h"
#include "app/user_operations.h"
#include "core/json_writer.h"
#include "crypto/random.h"
#include "observability/log.h"

namespace latchkey::app {
namespace {

constexpr const char* kUserCommandNames[] = {"create", "list",  "set-role",
                                             "ban",    "unban", "delete"};

// Bad input and refusals are the operator's to fix (2); the rest is the
// database's or the machine's (1).
int Report(const UserCommand& command, const Error& error) {
  std::fprintf(stderr, "latchkey: user %s: %s\n",
               kUserCommandNames[static_cast<int>(command.action)], Describe(error).c_str());
  switch (error.kind) {
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kNotFound:
    case ErrorKind::kUnprocessable:
    case ErrorKind::kFailedPrecondition:
      return 2;
    default:
      return 1;
  }
}

void PrintUsers(const std::vector<ListedUser>& users, bool json) {
  if (!json) {
    std::printf("%-32s %-32s %-20s %-16s %-6s %-8s %s\n", "id", "email", "name", "role", "banned",
                "verified", "created");
  }
  for (const ListedUser& listed : users) {
    const users::User& user = listed.user;
    if (json) {
      std::string line;
      json::ObjectWriter(line)
          .String("id", user.id)
          .String("email", user.email)
          .String("name", user.name)
          .String("role", listed.state.role)
          .Bool("banned", listed.state.banned)
          .Bool("verified", user.email_verified)
          .String("created", FormatIsoTime(user.created_at))
          .Close();
      std::printf("%s\n", line.c_str());
      continue;
    }
    std::printf("%-32s %-32s %-20s %-16s %-6s %-8s %s\n", user.id.c_str(), user.email.c_str(),
                user.name.c_str(), listed.state.role.c_str(), listed.state.banned ? "yes" : "no",
                user.email_verified ? "yes" : "no", FormatIsoTime(user.created_at).c_str());
  }
}

Result<void> Run(UserOperations& ops, const UserCommand& c) {
  using A = UserCommand::Action;
  switch (c.action) {
    case A::kCreate: {
      LK_ASSIGN_OR_RETURN(auto created, ops.CreateUser({.email = c.email,
                                                        .password = c.password,
                                                        .name = c.name,
                                                        .admin = c.admin,
                                                        .verified = c.verified}));
      std::fprintf(stderr, "%s %s%s\n",
                   created == UserOperations::Created::kCreated ? "created" : "promoted",
                   c.email.c_str(), c.admin ? " (admin)" : "");
      return {};
    }
    case A::kList: {
      LK_ASSIGN_OR_RETURN(
          auto users, ops.List(c.limit, c.search.empty() ? std::nullopt : std::optional(c.search)));
      PrintUsers(users, c.json);
      return {};
    }
    case A::kSetRole: {
      LK_ASSIGN_OR_RETURN(std::string before, ops.SetRole(c.email, c.role));
      std::fprintf(stderr, "%s: role %s -> %s\n", c.email.c_str(), before.c_str(), c.role.c_str());
      return {};
    }
    case A::kBan: {
      LK_ASSIGN_OR_RETURN(std::int64_t ended,
                          ops.Ban(c.email, c.reason,
                                  c.expires_in > 0 ? std::optional(c.expires_in) : std::nullopt));
      std::fprintf(stderr, "banned %s (%lld sessions ended)\n", c.email.c_str(),
                   static_cast<long long>(ended));
      return {};
    }
    case A::kUnban:
      LK_TRY(ops.Unban(c.email));
      std::fprintf(stderr, "unbanned %s\n", c.email.c_str());
      return {};
    case A::kDelete:
      LK_TRY(ops.Delete(c.email));
      std::fprintf(stderr, "deleted %s\n", c.email.c_str());
      return {};
  }
  return {};
}

}  // namespace

int RunUser(const Config& config, const UserCommand& command) {
  // Only warnings and errors: stdout is the command's output.
  log::InitLogging(config.log_format == "text" ? log::Format::kText : log::Format::kJson,
                   config.log_level == "error" ? log::Level::kError : log::Level::kWarn);
  crypto::InitCrypto();
  UserCommand resolved = command;
  if (resolved.password == "-") {
    // From stdin: a password on the command line is visible in ps.
    if (!std::getline(std::cin, resolved.password) || resolved.password.empty()) {
      return Report(command, UsageError("--password -: no password on stdin"));
    }
    if (resolved.password.back() == '\r') resolved.password.pop_back();
  }
  SystemClock clock;
  // A new database is migrated, as serve would; a running server hears the changes.
  auto app = OpenAndMigrate(config, clock, /*beside_a_server=*/true);
  if (!app) return Report(command, app.error());
  UserOperations ops(**app, "cli");
  if (auto ready = ops.Init(); !ready) return Report(command, ready.error());
  if (auto done = Run(ops, resolved); !done) return Report(command, done.error());
  return 0;
}

}  // namespace latchkey::app
