// The hosted web pages' configuration keys (docs/web.md, docs/design.md
// "Settings").
#ifndef LK_FEATURES_WEB_UI_WEB_UI_SETTINGS_H_
#define LK_FEATURES_WEB_UI_WEB_UI_SETTINGS_H_

#include <string>

#include "core/settings.h"

namespace latchkey::web_ui {

struct WebUiSettings {
  // On by default: a new user opening the server sees a sign-in page.
  bool web_ui = true;
  // Empty: the pages built into the binary. A folder: its index.html and
  // assets/app.{js,css}, read at each request (development).
  std::string web_dir;
};

settings::Table WebUiSettingsTable();

}  // namespace latchkey::web_ui

#endif  // LK_FEATURES_WEB_UI_WEB_UI_SETTINGS_H_
