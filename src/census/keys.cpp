#include "census/keys.h"

#include "core/text/normalize.h"
#include "core/text/utf8.h"

namespace tsunagu::census {
namespace {

// Position and length of the first space (ASCII, tab or U+3000) in `s`, or npos.
std::pair<std::size_t, std::size_t> first_space(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\t') return {i, 1};
    if (s.substr(i, 3) == "\u3000") return {i, 3};
  }
  return {std::string_view::npos, 0};
}

}  // namespace

NameKeys name_keys(std::string_view name) {
  std::string trimmed = text::trim(name);
  NameKeys k;
  k.whole = text::name_key(trimmed);
  auto [at, len] = first_space(trimmed);
  if (at != std::string_view::npos) {
    k.family = text::name_key(std::string_view(trimmed).substr(0, at));
    k.given = text::name_key(std::string_view(trimmed).substr(at + len));
    if (k.family.empty() || k.given.empty()) k.family.clear(), k.given.clear();
  }
  return k;
}

std::string address_key(std::string_view address, const std::vector<std::string>& drop_prefixes) {
  static constexpr std::pair<std::string_view, std::string_view> kReplace[] = {
      {"〇", "0"}, {"一", "1"}, {"二", "2"}, {"三", "3"}, {"四", "4"}, {"五", "5"}, {"六", "6"},
      {"七", "7"}, {"八", "8"}, {"九", "9"}, {"丁目", "-"}, {"番地", "-"}, {"番", "-"}, {"号室", ""}, {"号", ""},
      {"の", "-"}, {"ー", "-"}, {"−", "-"}, {"‐", "-"}, {"－", "-"}};
  std::string s = text::trim(address);
  for (const std::string& prefix : drop_prefixes)  // "山口県下関市中央1-2" → "中央1-2"
    if (!prefix.empty() && s.starts_with(prefix)) {
      s = text::trim(s.substr(prefix.size()));
      break;
    }
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [from, to] : kReplace) {
      if (std::string_view(s).substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        done = true;
        break;
      }
    }
    if (!done) out += s[i++];
  }
  // name_key drops hyphens: keep digit groups apart with a marker that survives it.
  for (char& c : out)
    if (c == '-') c = '#';
  std::string key = text::name_key(out);
  while (!key.empty() && key.back() == '#') key.pop_back();
  return key;
}

}  // namespace tsunagu::census
