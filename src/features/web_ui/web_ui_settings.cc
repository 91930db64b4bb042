#include "features/web_ui/web_ui_settings.h"

#include <filesystem>

namespace latchkey::web_ui {

settings::Table WebUiSettingsTable() {
  using S = WebUiSettings;
  return settings::SettingsTable<S>("web_ui", "Web pages")
      .Add("web_ui", &S::web_ui,
           "the hosted pages at / (sign-in, sign-up, account, …); `false` for a deployment that "
           "brings its own front end (the API is unchanged)")
      .Add("web_dir", &S::web_dir,
           "serve the pages from this folder (a `vite build` output: index.html, "
           "assets/app.js, assets/app.css) instead of the copy built into the binary; for "
           "development")
      .Validate([](S& s, const Config&) -> Result<void> {
        if (!s.web_ui || s.web_dir.empty()) return {};
        std::error_code ec;
        if (!std::filesystem::is_regular_file(std::filesystem::path(s.web_dir) / "index.html",
                                              ec)) {
          return Fail(settings::ConfigError("web_dir: " + s.web_dir +
                                            " holds no index.html (build it: cd web && npx vite "
                                            "build --outDir <folder>)"));
        }
        return {};
      })
      .Build();
}

}  // namespace latchkey::web_ui
