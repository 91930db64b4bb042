// The development delivery: without an SMTP URL each mail is written to
// eml_dir as an .eml file. The log names the file; only with log_links
// (--dev) does it also carry the recipient and the first link.
#include <filesystem>
#include <fstream>
#include <string>

#include "mail/format.h"
#include "mail/sender.h"
#include "observability/log.h"

namespace latchkey::mail {

Result<void> Sender::WriteEml(const std::string& id, TimeMs created_at, const Message& m,
                              const std::string& data) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options_.eml_dir, ec);
  if (ec) return Fail(UnavailableError("cannot create eml_dir: " + ec.message()));
  fs::path final_path =
      fs::path(options_.eml_dir) / (std::to_string(created_at) + "-" + id + ".eml");
  fs::path tmp_path = final_path;
  tmp_path += ".tmp";
  {
    std::ofstream out(tmp_path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out.flush()) return Fail(UnavailableError("cannot write " + tmp_path.string()));
  }
  fs::rename(tmp_path, final_path, ec);  // readers never see a partial file
  if (ec) return Fail(UnavailableError("cannot rename .eml: " + ec.message()));
  if (options_.log_links) {
    // --dev only: the link usually carries a one-time token, which is the
    // point of logging it here (how `make run` users follow their mails).
    log::Info("mail written", {{"to", m.to},
                               {"subject", m.subject},
                               {"file", final_path.string()},
                               {"link", FirstLink(m.text)}});
  } else {
    log::Info("mail written to mail_dir", {{"id", id}, {"file", final_path.string()}});
  }
  return {};
}

}  // namespace latchkey::mail
