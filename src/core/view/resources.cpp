#include "core/view/resources.h"

#include <algorithm>

namespace tsunagu::resources {

std::optional<std::string_view> find(std::string_view name) {
  for (const Entry& e : all())
    if (e.name == name) return e.data;
  return std::nullopt;
}

std::vector<Entry> under(std::string_view prefix) {
  std::vector<Entry> out;
  for (const Entry& e : all())
    if (e.name.substr(0, prefix.size()) == prefix) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return out;
}

}  // namespace tsunagu::resources
