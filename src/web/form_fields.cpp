#include "web/form_fields.h"

#include <algorithm>

#include "app/services.h"

namespace tsunagu::web {

nlohmann::json FormFields::text(const std::string& name, const std::string& value, const std::string& label_key,
                                bool required, const std::string& hint_key) {
  const view::Views& views = ctx_.services.views;
  std::string id = prefix_ + name;
  std::replace(id.begin(), id.end(), '_', '-');
  nlohmann::json f = {{"id", id}, {"name", name}, {"value", value}, {"label", views.message(ctx_.lang, label_key)},
                      {"required", required}};
  if (!hint_key.empty()) f["hint"] = views.message(ctx_.lang, hint_key);
  if (auto it = errors_.find(name); it != errors_.end()) {
    f["error"] = views.message(ctx_.lang, it->second);
    summary_.push_back({{"id", id}, {"message", f["error"]}});
  }
  return f;
}

nlohmann::json FormFields::password(const std::string& name, const std::string& label_key,
                                    const std::string& autocomplete, const std::string& hint_key) {
  nlohmann::json f = text(name, "", label_key, true, hint_key);
  f["type"] = "password";
  f["autocomplete"] = autocomplete;
  return f;
}

}  // namespace tsunagu::web
