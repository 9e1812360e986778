#include "census/report.h"

#include <map>

#include "census/persons.h"
#include "core/io/xlsx.h"

namespace tsunagu::census {
namespace {

struct Band {
  int from, to;
  const char* label;
};
constexpr Band kAgeBands[] = {{0, 2, "0〜2歳"},   {3, 5, "3〜5歳"},   {6, 11, "6〜11歳"},
                              {12, 14, "12〜14歳"}, {15, 17, "15〜17歳"}, {18, 200, "18歳以上"}};

std::string age_band(int age) {
  for (const Band& b : kAgeBands)
    if (age >= b.from && age <= b.to) return b.label;
  return "不明";
}

using Tally = std::map<std::string, long long>;

struct Tallies {
  Tally municipality, region, age, care, affiliation, power;
  long long persons = 0, rows = 0;
};

Tallies tally(const RoundData& d, const Round& round, const master::MasterData& md) {
  Tallies t;
  t.persons = static_cast<long long>(d.persons.size());
  t.rows = static_cast<long long>(d.rows.size());
  for (const Person& p : d.persons) {
    ++t.municipality[p.municipality_code];
    const master::Municipality* m = md.municipality(p.municipality_code);
    ++t.region[m && !m->region_code.empty() ? m->region_code : ""];
    ++t.age[age_band(age_on(p.birth_date, round.reference_date))];
    for (const std::string& c : p.care_items) ++t.care[c];
    ++t.affiliation[p.affiliation];
    ++t.power[p.electricity_dependent ? "yes" : "no"];
  }
  return t;
}

Table make_table(std::string title, const std::vector<std::pair<std::string, std::string>>& rows, const Tally& now,
                 const Tally* before) {
  Table t{std::move(title), {}};
  for (const auto& [code, label] : rows) {
    Count c{code, label, 0, std::nullopt};
    if (auto it = now.find(code); it != now.end()) c.n = it->second;
    if (before) {
      auto it = before->find(code);
      c.previous = it == before->end() ? 0 : it->second;
    }
    t.counts.push_back(std::move(c));
  }
  return t;
}

// Row labels: every municipality of the prefecture (and any other that occurs), every region, band, item.
std::vector<Table> tables(const Tallies& now, const Tallies* before, const Round& round, const master::MasterData& md) {
  std::vector<std::pair<std::string, std::string>> mun, reg, age, care, aff, power;
  std::map<std::string, bool> listed;
  for (const master::Municipality* m : md.municipalities_in(round.prefecture_code)) {
    if (m->level == "prefecture" || m->level == "designated_city") continue;
    mun.emplace_back(m->code, m->name);
    listed[m->code] = true;
  }
  for (const auto& [code, n] : now.municipality) {
    if (listed.count(code)) continue;
    const master::Municipality* m = md.municipality(code);
    mun.emplace_back(code, m ? m->name + "（県外）" : code);
  }
  for (const master::Region* r : md.regions_in(round.prefecture_code)) reg.emplace_back(r->code, r->name);
  reg.emplace_back("", "圏域外・不明");
  for (const Band& b : kAgeBands) age.emplace_back(b.label, b.label);
  age.emplace_back("不明", "不明");
  for (const master::CareItem& c : md.care_items()) care.emplace_back(c.code, c.short_name_ja);
  for (const Affiliation& a : kAffiliations) aff.emplace_back(std::string(a.code), std::string(a.label_ja));
  aff.emplace_back("", "不明");
  power = {{"yes", "電源を要する医療機器を使用"}, {"no", "使用なし・不明"}};
  return {make_table("市区町村別", mun, now.municipality, before ? &before->municipality : nullptr),
          make_table("圏域別", reg, now.region, before ? &before->region : nullptr),
          make_table("年齢別", age, now.age, before ? &before->age : nullptr),
          make_table("医療的ケア別（重複あり）", care, now.care, before ? &before->care : nullptr),
          make_table("所属別", aff, now.affiliation, before ? &before->affiliation : nullptr),
          make_table("電源を要する医療機器", power, now.power, before ? &before->power : nullptr)};
}

}  // namespace

std::string published(long long n) { return n > 0 && n < kSuppressBelow ? "＊" : std::to_string(n); }

RoundStats round_stats(Census& census, int year, const audit::Actor& actor) {
  db::Session sql(census.database());
  auto round = store::get_round(sql, year);
  if (!round) throw std::invalid_argument(std::to_string(year) + "年度の調査はありません。");
  const master::MasterData& md = census.master();
  Tallies now = tally(load_round(sql, year, md), *round, md);
  RoundStats s;
  s.year = year;
  s.reference_date = round->reference_date;
  s.persons = now.persons;
  s.rows = now.rows;
  std::optional<Tallies> before;
  for (const Round& r : store::list_rounds(sql)) {
    if (r.year >= year || !r.reconciled_at) continue;
    before = tally(load_round(sql, r.year, md), r, md);
    s.previous_year = r.year;
    s.previous_persons = before->persons;
    break;
  }
  s.tables = tables(now, before ? &*before : nullptr, *round, md);
  census.audit().append(actor, {"read", "census_round", std::to_string(year), "statistics"});
  return s;
}

std::string round_report_xlsx(Census& census, int year, const audit::Actor& actor) {
  RoundStats s = round_stats(census, year, actor);
  std::string prev = s.previous_year ? std::to_string(s.previous_year) + "年度" : "";
  std::vector<io::Sheet> sheets;
  io::Sheet summary{"概要", {"項目", "値"}, {}};
  summary.rows.push_back({std::string("調査年度"), std::to_string(year) + "年度"});
  summary.rows.push_back({std::string("基準日"), s.reference_date});
  summary.rows.push_back({std::string("医療的ケア児の数"), published(s.persons)});
  if (s.previous_persons) summary.rows.push_back({prev + "の数", published(*s.previous_persons)});
  summary.rows.push_back({std::string("注"), std::string("1〜4人の区分は個人が特定されないよう「＊」で表示しています。")});
  sheets.push_back(std::move(summary));
  for (const Table& t : s.tables) {
    io::Sheet sh{t.title, {"区分", std::to_string(year) + "年度"}, {}};
    if (s.previous_year) sh.header.push_back(prev);
    for (const Count& c : t.counts) {
      std::vector<io::Cell> row{c.label, published(c.n)};
      if (s.previous_year) row.emplace_back(published(c.previous.value_or(0)));
      sh.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(sh));
  }
  census.audit().append(actor, {"export", "census_round", std::to_string(year), "report xlsx"});
  return io::write_xlsx(sheets);
}

}  // namespace tsunagu::census
