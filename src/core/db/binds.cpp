#include "core/db/binds.h"

namespace tsunagu::db {

std::string Binds::next_name() {
  std::string name = std::to_string(slots_.size() + 1);  // appended rather than "b" + …, which GCC 12 warns on
  name.insert(name.begin(), 'b');
  return name;
}

std::string Binds::text(std::string value) {
  std::string name = next_name();
  texts_.push_back(std::move(value));
  slots_.push_back({true, texts_.size() - 1});
  return ":" + name;
}

std::string Binds::integer(long long value) {
  std::string name = next_name();
  integers_.push_back(value);
  slots_.push_back({false, integers_.size() - 1});
  return ":" + name;
}

std::string Binds::text_list(const std::vector<std::string>& values) {
  std::string out = "(";
  for (const std::string& v : values) out += (out.size() > 1 ? ", " : "") + text(v);
  return out + ")";
}

void Binds::each_value(const std::function<void(std::size_t n, const std::string* text, long long integer)>& f) const {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = slots_[i];
    if (s.is_text) f(i + 1, &texts_[s.index], 0);
    else f(i + 1, nullptr, integers_[s.index]);
  }
}

std::string Binds::key() const {
  std::string out;
  for (const Slot& s : slots_) {
    // Each value with its type and length first, so that no two lists of values give the same key.
    std::string value = s.is_text ? texts_[s.index] : std::to_string(integers_[s.index]);
    out += s.is_text ? 't' : 'i';
    out += std::to_string(value.size());
    out += ':';
    out += value;
  }
  return out;
}

}  // namespace tsunagu::db
