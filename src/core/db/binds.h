// Values bound to a statement whose text is assembled at run time (a list filter with optional clauses).
// Each value gets a generated name (:b1, :b2…) and lives here until the statement has run; db::Scan runs the
// statement with them. SQL text never contains a value: only the names this class returns.
// Not thread-safe; one per statement.
#pragma once
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace tsunagu::db {

class Binds {
 public:
  // Stores the value and returns its placeholder, e.g. ":b3".
  std::string text(std::string value);
  std::string integer(long long value);
  // "(:b4, :b5, :b6)" for a non-empty list.
  std::string text_list(const std::vector<std::string>& values);
  // The values in the order they were added, each marked with its type, as text: with the statement's text,
  // a key for what the statement returns (a cache of results).
  std::string key() const;
  // Each value in the order added (the n-th is named :bn), with `text` null for an integer: for db::Scan.
  void each_value(const std::function<void(std::size_t n, const std::string* text, long long integer)>& f) const;

 private:
  std::string next_name();
  struct Slot {
    bool is_text;
    std::size_t index;
  };
  std::deque<std::string> texts_;
  std::deque<long long> integers_;
  std::vector<Slot> slots_;
};

}  // namespace tsunagu::db
