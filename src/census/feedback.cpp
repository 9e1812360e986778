#include "census/feedback.h"

#include <functional>
#include <map>
#include <set>

#include "census/codes.h"
#include "core/io/xlsx.h"
#include "core/text/wareki.h"

namespace tsunagu::census {
namespace {

bool own_row(const StoredRow& r, const std::string& code) {
  return r.source_kind == "municipality" && r.source_municipality == code;
}

std::string care_label(const std::string& codes, const master::MasterData& md) {
  std::string out;
  for (const master::CareItem& c : md.care_items()) {
    std::string spaced = " " + codes + " ";
    if (spaced.find(" " + c.code + " ") == std::string::npos) continue;
    out += (out.empty() ? "" : "、") + c.short_name_ja;
  }
  return out.empty() ? "（なし）" : out;
}

std::string date_label(const std::string& iso) {
  if (iso.empty()) return "（空欄）";
  std::string w = text::format_wareki(iso);
  return w.empty() ? iso : w + "（" + iso + "）";
}

std::string municipality_label(const std::string& code, const master::MasterData& md) {
  const master::Municipality* m = md.municipality(code);
  return m ? m->name : code;
}

// Values of one field in the municipality's rows and the others' rows of a person.
void compare_field(const RoundData& d, const Person& p, const std::string& code, const std::string& field,
                   const std::function<std::string(const StoredRow&)>& value, Feedback& f) {
  for (std::size_t i : p.rows) {
    const StoredRow& own = d.rows[i];
    if (!own_row(own, code)) continue;
    std::string mine = value(own);
    std::map<std::string, std::set<std::string>> others;  // value → sources
    for (std::size_t j : p.rows) {
      const StoredRow& o = d.rows[j];
      if (own_row(o, code)) continue;
      std::string theirs = value(o);
      if (theirs != mine && !theirs.empty()) others[theirs].insert(o.source);
    }
    for (const auto& [theirs, sources] : others) {
      std::string names;
      for (const std::string& s : sources) names += (names.empty() ? "" : "、") + s;
      f.disagreements.push_back({own.record_id, own.name, own.kana, own.birth_date, field, mine, theirs, names});
    }
  }
}

}  // namespace

Feedback feedback_for(const RoundData& d, const std::string& code, const master::MasterData& md) {
  Feedback f;
  f.municipality_code = code;
  f.municipality_name = municipality_label(code, md);
  for (const Person& p : d.persons) {
    bool reported_here = false, reported_elsewhere = false, placed_here = p.municipality_code == code;
    std::set<std::string> other_sources;
    for (std::size_t i : p.rows) {
      const StoredRow& r = d.rows[i];
      if (own_row(r, code)) {
        reported_here = true;
      } else {
        reported_elsewhere = true;
        other_sources.insert(r.source);
        if (r.municipality_code == code) placed_here = true;
      }
    }
    std::string names;
    for (const std::string& s : other_sources) names += (names.empty() ? "" : "、") + s;
    if (reported_here && !reported_elsewhere) {
      for (std::size_t i : p.rows)
        f.only_here.push_back({d.rows[i].record_id, d.rows[i].name, d.rows[i].kana, d.rows[i].birth_date, "", "", "", ""});
    } else if (!reported_here && placed_here) {
      const StoredRow& r = d.rows[p.rows.front()];
      f.missing_here.push_back({"", r.name, r.kana, p.birth_date, "", "", municipality_label(p.municipality_code, md), names});
    }
    if (!reported_here || !reported_elsewhere) continue;
    compare_field(d, p, code, "生年月日", [](const StoredRow& r) { return date_label(r.birth_date); }, f);
    compare_field(d, p, code, "医療的ケア", [&md](const StoredRow& r) { return r.care_items.empty() ? "" : care_label(r.care_items, md); }, f);
    compare_field(d, p, code, "所属", [](const StoredRow& r) { return r.affiliation.empty() ? "" : affiliation_label(r.affiliation); }, f);
    compare_field(d, p, code, "市区町村", [&md](const StoredRow& r) { return municipality_label(r.municipality_code, md); }, f);
  }
  return f;
}

std::string feedback_xlsx(const Feedback& f, int year) {
  std::vector<io::Sheet> sheets;
  io::Sheet intro{"はじめに", {"項目", "内容"}, {}};
  intro.rows.push_back({std::string("調査"), std::to_string(year) + "年度 医療的ケア児 実数調査"});
  intro.rows.push_back({std::string("市区町村"), f.municipality_name + "（" + f.municipality_code + "）"});
  intro.rows.push_back({std::string("貴市区町村だけが報告した児"), static_cast<double>(f.only_here.size())});
  intro.rows.push_back({std::string("他の提出元が貴市区町村の児としているが、報告にない児"), static_cast<double>(f.missing_here.size())});
  intro.rows.push_back({std::string("提出元の間で内容が異なる項目"), static_cast<double>(f.disagreements.size())});
  intro.rows.push_back({std::string("お願い"), std::string("各シートをご確認のうえ、誤りがあれば修正した共通シートを提出し直してください。"
                                                       "転居・就学などで正しい場合は、その旨を備考にお書きください。")});
  sheets.push_back(std::move(intro));
  auto person_cells = [](const FeedbackLine& l) {
    return std::vector<io::Cell>{l.record_id, l.name, l.kana, date_label(l.birth_date)};
  };
  io::Sheet only{"貴市区町村のみ報告", {"記録番号", "氏名", "ふりがな", "生年月日"}, {}};
  for (const FeedbackLine& l : f.only_here) only.rows.push_back(person_cells(l));
  io::Sheet missing{"報告にない児", {"氏名", "ふりがな", "生年月日", "集計上の市区町村", "報告した提出元"}, {}};
  for (const FeedbackLine& l : f.missing_here)
    missing.rows.push_back({l.name, l.kana, date_label(l.birth_date), l.other_value, l.other_sources});
  io::Sheet diff{"内容の違い", {"記録番号", "氏名", "ふりがな", "生年月日", "項目", "貴市区町村の報告", "他の提出元の内容", "提出元"}, {}};
  for (const FeedbackLine& l : f.disagreements) {
    auto row = person_cells(l);
    row.insert(row.end(), {l.field, l.own_value, l.other_value, l.other_sources});
    diff.rows.push_back(std::move(row));
  }
  sheets.push_back(std::move(only));
  sheets.push_back(std::move(missing));
  sheets.push_back(std::move(diff));
  return io::write_xlsx(sheets);
}

std::vector<FeedbackSummary> feedback_summary(const RoundData& d, const master::MasterData& md) {
  std::set<std::string> codes;
  for (const StoredRow& r : d.rows)
    if (r.source_kind == "municipality") codes.insert(r.source_municipality);
  for (const Person& p : d.persons) codes.insert(p.municipality_code);
  std::vector<FeedbackSummary> out;
  for (const std::string& code : codes) {
    if (code.empty()) continue;
    Feedback f = feedback_for(d, code, md);
    FeedbackSummary s{code, f.municipality_name};
    for (const StoredRow& r : d.rows) s.own_rows += own_row(r, code);
    s.only_here = f.only_here.size();
    s.missing_here = f.missing_here.size();
    s.disagreements = f.disagreements.size();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tsunagu::census
