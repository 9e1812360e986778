// The fields of a form as the _text_field and _select_field partials want them (id, name, label, value,
// required, hint, and the error shown next to the field), and the list for _error_summary, in the order the
// fields were added, each linked to its field. Errors are message keys; they are shown in the page's language.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/auth/accounts.h"
#include "core/http/context.h"

namespace tsunagu::web {

class FormFields {
 public:
  FormFields(const http::Context& ctx, std::string id_prefix, const auth::FieldErrors& errors)
      : ctx_(ctx), prefix_(std::move(id_prefix)), errors_(errors) {}
  nlohmann::json text(const std::string& name, const std::string& value, const std::string& label_key, bool required,
                      const std::string& hint_key = "");
  // A required password field (never given a value back), with what the browser's password manager should offer:
  // "current-password" or "new-password".
  nlohmann::json password(const std::string& name, const std::string& label_key, const std::string& autocomplete,
                          const std::string& hint_key = "");
  // {id, message} for every field added so far that has an error.
  nlohmann::json summary() const { return summary_; }

 private:
  const http::Context& ctx_;
  std::string prefix_;
  const auth::FieldErrors& errors_;
  nlohmann::json summary_ = nlohmann::json::array();
};

}  // namespace tsunagu::web
