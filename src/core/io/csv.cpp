#include "core/io/csv.h"

namespace tsunagu::io {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}
  CsvResult run();

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  CsvResult out_;

  bool at_end() const { return pos_ >= s_.size(); }
  std::size_t line_end_len(std::size_t at) const;
  bool at_line_end() const { return at_end() || line_end_len(pos_) > 0; }
  void consume_line_end();
  void fail_and_skip_line(std::size_t line, std::string message);
  bool read_record(std::vector<std::string>& fields);
  bool read_quoted(std::string& field);
  bool read_unquoted(std::string& field);
};

// 0 when `at` is not a line end, otherwise the length of the CRLF / LF / CR there.
std::size_t Parser::line_end_len(std::size_t at) const {
  if (at >= s_.size()) return 0;
  if (s_[at] == '\n') return 1;
  if (s_[at] != '\r') return 0;
  return (at + 1 < s_.size() && s_[at + 1] == '\n') ? 2 : 1;
}

void Parser::consume_line_end() {
  std::size_t len = line_end_len(pos_);
  if (len == 0) return;
  pos_ += len;
  ++line_;
}

// Recovery resumes at the next physical line so later records are still read.
void Parser::fail_and_skip_line(std::size_t line, std::string message) {
  out_.errors.push_back({line, std::move(message)});
  while (!at_line_end()) ++pos_;
  consume_line_end();
}

bool Parser::read_quoted(std::string& field) {
  const std::size_t start_line = line_;
  ++pos_;  // opening quote
  while (!at_end()) {
    if (std::size_t len = line_end_len(pos_)) {
      field.append(s_.substr(pos_, len));  // embedded line ends are kept verbatim
      pos_ += len;
      ++line_;
    } else if (s_[pos_] != '"') {
      field += s_[pos_++];
    } else if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
      field += '"';
      pos_ += 2;
    } else {
      ++pos_;  // closing quote
      if (at_line_end() || s_[pos_] == ',') return true;
      fail_and_skip_line(line_, "引用符で囲まれたフィールドの後に余分な文字があります");
      return false;
    }
  }
  out_.errors.push_back({start_line, "引用符が閉じられていません"});
  return false;
}

bool Parser::read_unquoted(std::string& field) {
  std::size_t begin = pos_;
  while (!at_line_end() && s_[pos_] != ',') {
    if (s_[pos_] == '"') {
      fail_and_skip_line(line_, "引用符で囲まれていないフィールドに引用符があります");
      return false;
    }
    ++pos_;
  }
  field.assign(s_.substr(begin, pos_ - begin));
  return true;
}

bool Parser::read_record(std::vector<std::string>& fields) {
  for (;;) {
    std::string field;
    bool ok = (!at_end() && s_[pos_] == '"') ? read_quoted(field) : read_unquoted(field);
    if (!ok) return false;
    fields.push_back(std::move(field));
    if (at_end()) return true;
    if (s_[pos_] != ',') {
      consume_line_end();
      return true;
    }
    ++pos_;
  }
}

CsvResult Parser::run() {
  if (s_.starts_with(kBom)) pos_ = kBom.size();
  while (!at_end()) {
    if (at_line_end()) {
      consume_line_end();
      continue;
    }
    CsvRow row{line_, {}};
    if (read_record(row.fields)) out_.rows.push_back(std::move(row));
  }
  return std::move(out_);
}

}  // namespace

CsvResult parse_csv(std::string_view text) { return Parser(text).run(); }

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_line(const std::vector<std::string>& fields) {
  // A lone empty field would otherwise be written as a blank line, which readers skip.
  if (fields.size() == 1 && fields[0].empty()) return "\"\"\r\n";
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_escape(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::optional<CsvTable> CsvTable::with_header(const CsvResult& result) {
  if (result.rows.empty()) return std::nullopt;
  CsvTable table;
  table.headers_ = result.rows.front().fields;
  for (std::size_t i = 0; i < table.headers_.size(); ++i)
    table.index_.emplace(table.headers_[i], i);  // first of duplicate names wins
  table.rows_.assign(result.rows.begin() + 1, result.rows.end());
  return table;
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string CsvTable::get(const CsvRow& row, std::string_view name) const {
  auto col = column(name);
  if (!col || *col >= row.fields.size()) return {};
  return row.fields[*col];
}

}  // namespace tsunagu::io
