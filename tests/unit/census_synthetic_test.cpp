// The synthetic census rounds (census/synthetic.h): deterministic, every cell in a form the common sheet
// allows, the sources and hard cases at the documented rates, and the pairwise scorer.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>

#include "census/synthetic.h"
#include "core/db/migrate.h"
#include "core/text/kana.h"
#include "core/text/lg_code.h"
#include "core/text/normalize.h"
#include "core/text/wareki.h"
#include "master/master_data.h"
#include "support/test_db.h"

namespace tsunagu::census {
namespace {

// Master data as the server loads it, and one round of 20,000 children (with the registry), once for the suite.
class CensusSynthetic : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tdb_ = new testing::TestDatabase("sqlite");
    db_ = db::Database::open(tdb_->url(), 2).release();
    db::migrate(*db_);
    master::seed_master_data(*db_);
    md_ = new master::MasterData;
    md_->load(*db_);
    CensusOptions o;
    o.children = 20000;
    o.seed = 11;
    o.registry = true;
    auto started = std::chrono::steady_clock::now();
    round_ = new CensusRound(synthetic_census(*md_, o));
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  static void TearDownTestSuite() {
    delete round_;
    delete md_;
    delete db_;
    delete tdb_;
  }

  static const SyntheticSheet* sheet(const std::string& source) {
    for (const SyntheticSheet& s : round_->sheets)
      if (s.source == source) return &s;
    return nullptr;
  }
  // Rows per child per source kind.
  static std::vector<std::map<std::string, int>> appearances() {
    std::vector<std::map<std::string, int>> out(round_->children.size());
    for (const SyntheticSheet& s : round_->sheets)
      for (std::size_t c : s.child) ++out[c][s.kind];
    return out;
  }
  static std::vector<LabelledRow> truth_rows() {
    std::vector<LabelledRow> out;
    for (const TruthRow& t : round_->truth()) out.push_back({t.source, t.record_id, t.child_id});
    return out;
  }

  static testing::TestDatabase* tdb_;
  static db::Database* db_;
  static master::MasterData* md_;
  static CensusRound* round_;
  static double seconds_;
};

testing::TestDatabase* CensusSynthetic::tdb_ = nullptr;
db::Database* CensusSynthetic::db_ = nullptr;
master::MasterData* CensusSynthetic::md_ = nullptr;
CensusRound* CensusSynthetic::round_ = nullptr;
double CensusSynthetic::seconds_ = 0;

char32_t first_code_point(std::string_view s) {
  if (s.size() < 3 || (static_cast<unsigned char>(s[0]) & 0xF0) != 0xE0) return s.empty() ? 0 : static_cast<unsigned char>(s[0]);
  return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
}

std::string dump(const SyntheticSheet& s) {
  std::string out = s.source + "|" + s.kind + "|" + s.municipality_code + "|" + std::to_string(static_cast<int>(s.form));
  for (const auto& h : s.header) out += "|" + h;
  for (const auto& t : s.title_rows) out += "|" + t;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    out += "\n" + std::to_string(s.child[i]);
    for (const auto& c : s.rows[i]) out += "," + c;
  }
  return out;
}

TEST_F(CensusSynthetic, SameOptionsSameRoundAndALargerRoundStartsWithTheSmallerOnesChildren) {
  CensusOptions o;
  o.children = 2000;
  o.seed = 5;
  CensusRound a = synthetic_census(*md_, o), b = synthetic_census(*md_, o);
  ASSERT_EQ(a.sheets.size(), b.sheets.size());
  for (std::size_t i = 0; i < a.sheets.size(); ++i) EXPECT_EQ(dump(a.sheets[i]), dump(b.sheets[i]));
  o.children = 3000;
  CensusRound larger = synthetic_census(*md_, o);
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    const CensusChild &x = a.children[i], &y = larger.children[i];
    // The last household of the smaller round may have been cut short: its flags can differ.
    EXPECT_EQ(std::tie(x.id, x.family_name, x.given_name, x.given_kana, x.birth_date, x.municipality_code),
              std::tie(y.id, y.family_name, y.given_name, y.given_kana, y.birth_date, y.municipality_code));
  }
  o.children = 2000;
  o.seed = 6;
  CensusRound other = synthetic_census(*md_, o);
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.children.size(); ++i)
    same += a.children[i].given_name + a.children[i].birth_date == other.children[i].given_name + other.children[i].birth_date;
  EXPECT_LT(same, 20u);
  o.round_year = 1999;
  EXPECT_THROW(synthetic_census(*md_, o), std::invalid_argument);
  o.round_year = 2026;
  o.prefecture_code = "99";
  EXPECT_THROW(synthetic_census(*md_, o), std::invalid_argument);
}

TEST_F(CensusSynthetic, TwentyThousandChildrenInReasonableTime) {
  EXPECT_EQ(round_->children.size(), 20000u);
  EXPECT_EQ(round_->reference_date, "2026-04-01");
  EXPECT_LT(seconds_, 15.0) << "the generator should make 20,000 children in well under a second (Release)";
  std::size_t rows = round_->row_count();
  EXPECT_GT(rows, 35000u);
  EXPECT_LT(rows, 50000u);
}

// Every cell in a form the common sheet allows: what the importer must read.
TEST_F(CensusSynthetic, EveryRowsFieldsParse) {
  std::map<std::string, std::string> tokens;  // code, short or official name → code
  for (const master::CareItem& i : md_->care_items()) {
    tokens[i.code] = i.code;
    tokens[i.short_name_ja] = i.code;
    tokens[i.name_ja] = i.code;
  }
  static const std::set<std::string> kSex = {"男", "女", "男性", "女性", "M", "F", "1", "2"};
  static const std::set<std::string> kAffiliations = {"在宅",   "保育所", "幼稚園",       "認定こども園", "児童発達支援",
                                                      "小学校", "中学校", "高等学校",     "特別支援学校", "訪問教育",
                                                      "その他"};
  static const std::string kSeparators[] = {"、", ",", ";", "／", "/"};
  const std::string earliest = "2007-04-02", reference = round_->reference_date;
  for (const SyntheticSheet& s : round_->sheets) {
    ASSERT_EQ(s.header.size(), s.columns.size());
    for (std::size_t c = 0; c < kSheetColumns; ++c) ASSERT_TRUE(s.index_of(static_cast<SheetColumn>(c))) << s.source;
    std::set<std::string> ids;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      ASSERT_EQ(s.rows[r].size(), s.header.size());
      auto cell = [&](SheetColumn c) -> const std::string& { return s.cell(r, c); };
      std::string where = s.source + " row " + std::to_string(r);
      EXPECT_TRUE(ids.insert(cell(SheetColumn::record_id)).second) << where << ": record_id repeated";
      EXPECT_FALSE(cell(SheetColumn::name).empty()) << where;
      if (!cell(SheetColumn::kana).empty()) { EXPECT_TRUE(text::is_katakana_name(cell(SheetColumn::kana))) << where; }
      if (!cell(SheetColumn::birth_date).empty()) {
        text::DateParse d = text::parse_date(cell(SheetColumn::birth_date));
        ASSERT_TRUE(d.ok()) << where << ": " << cell(SheetColumn::birth_date) << ": " << d.error;
        EXPECT_GE(*d.iso, earliest) << where;
        EXPECT_LE(*d.iso, reference) << where;
      }
      if (!cell(SheetColumn::sex).empty()) { EXPECT_TRUE(kSex.count(cell(SheetColumn::sex))) << where; }
      const std::string &code = cell(SheetColumn::municipality_code), &name = cell(SheetColumn::municipality_name);
      ASSERT_FALSE(code.empty() && name.empty()) << where;
      const master::Municipality* m = nullptr;
      if (!code.empty()) {
        auto six = text::normalize_lg_code(code);
        ASSERT_TRUE(six && text::valid_lg_code(*six)) << where << ": " << code;
        m = md_->municipality(*six);
        ASSERT_NE(m, nullptr) << where << ": " << code;
      }
      if (!name.empty() && m) { EXPECT_TRUE(name == m->name || name == "山口県" + m->name) << where << ": " << name; }
      if (s.kind == "municipality" && m && s.child[r] < round_->children.size()) {
        const CensusChild& c = round_->children[s.child[r]];
        EXPECT_TRUE(m->code == s.municipality_code) << where;
        EXPECT_TRUE(c.municipality_code == m->code || c.moved_from == m->code) << where;
      }
      // Care items: known names or codes joined by a separator (official names contain 、: longest match first).
      std::string_view care = cell(SheetColumn::care);
      while (!care.empty()) {
        std::size_t best = 0;
        for (const auto& [token, item] : tokens)
          if (token.size() > best && care.starts_with(token)) best = token.size();
        ASSERT_GT(best, 0u) << where << ": unknown care item at '" << care << "'";
        care.remove_prefix(best);
        if (care.empty()) break;
        bool separated = false;
        for (const std::string& sep : kSeparators)
          if (care.starts_with(sep)) {
            care.remove_prefix(sep.size());
            separated = true;
            break;
          }
        ASSERT_TRUE(separated) << where << ": no separator at '" << care << "'";
      }
      if (!cell(SheetColumn::affiliation).empty()) { EXPECT_TRUE(kAffiliations.count(cell(SheetColumn::affiliation))) << where; }
    }
  }
}

TEST_F(CensusSynthetic, PreschoolChildrenNeverInEducationAndSchoolChildrenMostly) {
  const SyntheticSheet* education = sheet("education");
  ASSERT_NE(education, nullptr);
  std::set<std::size_t> listed(education->child.begin(), education->child.end());
  std::size_t enrolled = 0, enrolled_listed = 0;
  static const std::set<std::string> kSchools = {"小学校", "中学校", "高等学校", "特別支援学校", "訪問教育"};
  for (std::size_t c : listed) {
    const CensusChild& k = round_->children[c];
    EXPECT_TRUE(k.school_age()) << k.id << " age " << k.age;
    EXPECT_TRUE(kSchools.count(k.affiliation)) << k.id << " " << k.affiliation;
  }
  for (std::size_t i = 0; i < round_->children.size(); ++i) {
    const CensusChild& k = round_->children[i];
    if (!k.school_age() || !kSchools.count(k.affiliation)) continue;
    ++enrolled;
    enrolled_listed += listed.count(i);
  }
  double share = static_cast<double>(enrolled_listed) / enrolled;
  EXPECT_GT(share, 0.84);
  EXPECT_LT(share, 0.93);
  std::size_t preschool = 0;
  for (const CensusChild& k : round_->children) preschool += k.age <= 5;
  EXPECT_NEAR(static_cast<double>(preschool) / round_->children.size(), 0.42, 0.02);
}

TEST_F(CensusSynthetic, CoverageAndNoiseAtTheDocumentedRates) {
  auto seen = appearances();
  std::size_t stayed = 0, stayed_listed = 0, in_registry = 0, nowhere = 0, one_source = 0;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const CensusChild& k = round_->children[i];
    if (k.moved_from.empty()) {
      ++stayed;
      stayed_listed += seen[i].count("municipality") > 0;
    }
    in_registry += seen[i].count("registry") > 0;
    nowhere += seen[i].empty();
    one_source += seen[i].size() == 1;
  }
  EXPECT_NEAR(static_cast<double>(stayed_listed) / stayed, 0.92, 0.03);
  EXPECT_NEAR(static_cast<double>(in_registry) / seen.size(), 0.60, 0.02);
  EXPECT_GT(nowhere, 0u);
  EXPECT_GT(one_source, seen.size() / 10);

  // Per-row noise in the municipalities' sheets.
  std::size_t rows = 0, kana_blank = 0, birth_blank = 0, birth_wrong = 0, sex_blank = 0, address_blank = 0;
  std::size_t hiragana = 0, half_width = 0, wareki = 0, gannen = 0, full_width = 0, code5 = 0, name_only = 0;
  std::size_t variant_written = 0;
  static const std::string kVariantChars[] = {"髙", "﨑", "邊", "邉", "齋", "齊", "濵", "濱", "澤", "櫻", "廣", "嶋", "國", "德"};
  for (const SyntheticSheet& s : round_->sheets) {
    if (s.kind != "municipality") continue;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const CensusChild& k = round_->children[s.child[r]];
      ++rows;
      const std::string& kana = s.cell(r, SheetColumn::kana);
      const std::string& birth = s.cell(r, SheetColumn::birth_date);
      kana_blank += kana.empty();
      char32_t first = first_code_point(kana);
      hiragana += first >= U'\u3041' && first <= U'\u3096';
      half_width += first >= U'\uFF61' && first <= U'\uFF9F';
      birth_blank += birth.empty();
      if (!birth.empty()) birth_wrong += *text::parse_date(birth).iso != k.birth_date;
      wareki += birth.find("令和") != std::string::npos || birth.find("平成") != std::string::npos ||
                birth.starts_with("R") || birth.starts_with("H");
      gannen += birth.find("元年") != std::string::npos;
      full_width += birth.starts_with("\xEF\xBC");  // U+FF00..U+FF3F: full-width digits and R/H
      sex_blank += s.cell(r, SheetColumn::sex).empty();
      address_blank += s.cell(r, SheetColumn::address).empty();
      code5 += s.cell(r, SheetColumn::municipality_code).size() == 5;
      name_only += s.cell(r, SheetColumn::municipality_code).empty();
      for (const std::string& v : kVariantChars) variant_written += s.cell(r, SheetColumn::name).find(v) != std::string::npos;
    }
  }
  auto rate = [&](std::size_t n) { return static_cast<double>(n) / rows; };
  EXPECT_NEAR(rate(kana_blank), 0.08, 0.01);
  EXPECT_NEAR(rate(birth_blank), 0.02, 0.005);
  EXPECT_NEAR(static_cast<double>(birth_wrong) / (rows - birth_blank), 0.014, 0.005);
  EXPECT_NEAR(rate(sex_blank), 0.03, 0.007);
  EXPECT_NEAR(rate(address_blank), 0.03, 0.007);
  EXPECT_GT(rate(hiragana), 0.10);
  EXPECT_GT(rate(half_width), 0.005);
  EXPECT_GT(rate(wareki), 0.15);
  EXPECT_GT(gannen, 0u);
  EXPECT_GT(full_width, 0u);
  EXPECT_GT(code5, 0u);
  EXPECT_GT(name_only, 0u);
  EXPECT_GT(variant_written, 0u);
}

TEST_F(CensusSynthetic, HardCasesArePresent) {
  // Twins: same family name, birth date, municipality; different given names and readings.
  std::map<std::size_t, std::vector<const CensusChild*>> households;
  for (const CensusChild& k : round_->children) households[k.household].push_back(&k);
  std::size_t twin_sets = 0, triplet_sets = 0, sibling_sets = 0;
  for (const auto& [h, kids] : households) {
    if (kids.size() < 2) continue;
    if (kids[0]->twin || kids[0]->triplet) {
      (kids[0]->twin ? twin_sets : triplet_sets) += 1;
      for (const CensusChild* k : kids) {
        EXPECT_EQ(k->family_name, kids[0]->family_name);
        EXPECT_EQ(k->birth_date, kids[0]->birth_date);
        EXPECT_EQ(k->municipality_code, kids[0]->municipality_code);
        if (k != kids[0]) {
          EXPECT_NE(text::name_key(k->given_name), text::name_key(kids[0]->given_name));
          EXPECT_NE(k->given_kana, kids[0]->given_kana);
        }
      }
    } else if (kids[0]->sibling) {
      ++sibling_sets;
    }
  }
  std::size_t n = round_->children.size();
  EXPECT_NEAR(2.0 * twin_sets / n, 0.065, 0.015);
  EXPECT_GT(triplet_sets, 5u);
  EXPECT_GT(sibling_sets, 100u);

  // Movers, listed by both municipalities with different addresses.
  std::size_t movers = 0, both_listed = 0;
  std::map<std::size_t, std::set<std::string>> municipal_sources;
  for (const SyntheticSheet& s : round_->sheets)
    if (s.kind == "municipality")
      for (std::size_t c : s.child) municipal_sources[c].insert(s.source);
  for (std::size_t i = 0; i < n; ++i) {
    if (round_->children[i].moved_from.empty()) continue;
    ++movers;
    both_listed += municipal_sources[i].size() == 2;
  }
  EXPECT_NEAR(static_cast<double>(movers) / n, 0.03, 0.008);
  EXPECT_NEAR(static_cast<double>(both_listed) / movers, 0.70 * 0.92, 0.08);

  // Duplicates: one child twice in one sheet.
  std::size_t duplicates = 0, rows = 0;
  for (const SyntheticSheet& s : round_->sheets) {
    if (s.kind != "municipality") continue;
    std::map<std::size_t, int> count;
    for (std::size_t c : s.child) duplicates += ++count[c] == 2;
    rows += s.rows.size();
  }
  EXPECT_NEAR(static_cast<double>(duplicates) / rows, 0.012, 0.004);

  // Homonyms: the kanji name of another child, elsewhere, some born the same day; renamed children.
  std::map<std::string, std::vector<const CensusChild*>> by_name;
  for (const CensusChild& k : round_->children) by_name[k.family_name + k.given_name].push_back(&k);
  std::size_t homonyms = 0, same_day = 0, same_day_same_reading_and_sex = 0, renamed = 0;
  for (const CensusChild& k : round_->children) {
    renamed += !k.former_family_name.empty();
    if (!k.homonym) continue;
    ++homonyms;
    for (const CensusChild* o : by_name[k.family_name + k.given_name]) {
      if (o == &k || o->birth_date != k.birth_date) continue;
      ++same_day;
      EXPECT_NE(o->municipality_code, k.municipality_code);
      if (o->given_kana == k.given_kana && o->sex == k.sex) {
        ++same_day_same_reading_and_sex;
        EXPECT_NE(o->care_items, k.care_items) << k.id;
      }
      break;
    }
  }
  EXPECT_GT(homonyms, 150u);
  EXPECT_GT(same_day, homonyms / 4);
  EXPECT_GT(same_day_same_reading_and_sex, 0u);
  EXPECT_LT(same_day_same_reading_and_sex, same_day / 4);
  EXPECT_GT(renamed, 20u);
}

TEST_F(CensusSynthetic, SheetsLookLikeSubmittedFiles) {
  std::size_t extra = 0, english = 0, shuffled = 0, titled = 0;
  std::set<std::string> sources;
  for (const SyntheticSheet& s : round_->sheets) {
    EXPECT_TRUE(sources.insert(s.source).second);
    if (s.kind == "municipality") {
      EXPECT_EQ(s.source, "mun-" + s.municipality_code);
      EXPECT_NE(md_->municipality(s.municipality_code), nullptr);
    } else {
      EXPECT_EQ(s.source, s.kind);
      EXPECT_TRUE(s.municipality_code.empty());
    }
    extra += std::count(s.columns.begin(), s.columns.end(), -1);
    for (std::size_t i = 0; i < s.header.size(); ++i) {
      if (s.columns[i] < 0) continue;
      auto c = static_cast<SheetColumn>(s.columns[i]);
      EXPECT_TRUE(s.header[i] == header_ja(c) || s.header[i] == header_en(c)) << s.header[i];
      english += s.header[i] == header_en(c);
    }
    std::vector<int> known;
    for (int c : s.columns)
      if (c >= 0) known.push_back(c);
    shuffled += !std::is_sorted(known.begin(), known.end());
    titled += s.form == FileForm::xlsx_titled && s.title_rows.size() == 2;
  }
  EXPECT_EQ(round_->sheets.back().source, "registry");
  EXPECT_GE(extra, 1u);
  EXPECT_GT(shuffled, round_->sheets.size() / 3);
  EXPECT_GT(titled, 0u);
  EXPECT_GT(round_->sheets.size(), 15u);  // 19 municipalities, education, registry
  (void)english;                          // 15% of sheets: may be none in one round
  const SyntheticSheet* education = sheet("education");
  ASSERT_NE(education, nullptr);
  EXPECT_TRUE(education->cell(0, SheetColumn::record_id).starts_with("E"));
}

TEST_F(CensusSynthetic, PairwiseScores) {
  std::vector<LabelledRow> truth = truth_rows();
  PairwiseScore self = score_pairwise(truth, truth);
  EXPECT_TRUE(self.complete());
  EXPECT_EQ(self.scored_rows, truth.size());
  EXPECT_GT(self.truth_pairs, 10000u);
  EXPECT_DOUBLE_EQ(self.f1(), 1.0);

  std::vector<LabelledRow> apart = truth;
  for (std::size_t i = 0; i < apart.size(); ++i) apart[i].label = "row" + std::to_string(i);
  PairwiseScore none = score_pairwise(truth, apart);
  EXPECT_EQ(none.link_pairs, 0u);
  EXPECT_DOUBLE_EQ(none.recall(), 0.0);
  EXPECT_DOUBLE_EQ(none.precision(), 1.0);

  // Every twin and triplet set merged into one person: recall stays 1, precision falls.
  std::map<std::string, std::string> key;
  for (const CensusChild& k : round_->children)
    key[k.id] = k.twin || k.triplet ? "household" + std::to_string(k.household) : k.id;
  std::vector<LabelledRow> merged = truth;
  for (LabelledRow& r : merged) r.label = key[r.label];
  PairwiseScore twins = score_pairwise(truth, merged, 3);
  EXPECT_DOUBLE_EQ(twins.recall(), 1.0);
  EXPECT_LT(twins.precision(), 0.99);
  EXPECT_GT(twins.precision(), 0.5);
  ASSERT_EQ(twins.false_positives.size(), 3u);
  EXPECT_TRUE(twins.false_negatives.empty());
  for (const RowPair& p : twins.false_positives) {
    EXPECT_NE(p.a.truth, p.b.truth);
    EXPECT_EQ(p.a.link, p.b.link);
  }

  // A small hand-made case: truth {a,b,c} {d}; links {a,b} {c,d}: 3 true pairs, 2 linked, 1 in both.
  std::vector<LabelledRow> t = {{"s", "a", "1"}, {"s", "b", "1"}, {"s", "c", "1"}, {"s", "d", "2"}};
  std::vector<LabelledRow> l = {{"s", "a", "x"}, {"s", "b", "x"}, {"s", "c", "y"}, {"s", "d", "y"}, {"s", "e", "z"}};
  PairwiseScore small = score_pairwise(t, l, 10);
  EXPECT_EQ(small.truth_pairs, 3u);
  EXPECT_EQ(small.link_pairs, 2u);
  EXPECT_EQ(small.common_pairs, 1u);
  EXPECT_DOUBLE_EQ(small.precision(), 0.5);
  EXPECT_NEAR(small.recall(), 1.0 / 3, 1e-12);
  EXPECT_NEAR(small.f1(), 0.4, 1e-12);
  ASSERT_EQ(small.missing_from_truth.size(), 1u);
  EXPECT_EQ(small.missing_from_truth[0].second, "e");
  EXPECT_FALSE(small.complete());
  EXPECT_EQ(small.false_positives.size(), 1u);  // c–d
  EXPECT_EQ(small.false_negatives.size(), 1u);  // a–c (b–c is the same pair of groups: one example each)
  t.pop_back();
  PairwiseScore missing = score_pairwise(t, {{"s", "a", "x"}, {"s", "b", "x"}});
  EXPECT_EQ(missing.missing_from_links.size(), 1u);
  EXPECT_EQ(missing.scored_rows, 2u);
}

TEST_F(CensusSynthetic, AnotherPrefectureUsesItsWardsNotTheDesignatedCity) {
  CensusOptions o;
  o.children = 1500;
  o.prefecture_code = "13";
  o.seed = 2;
  CensusRound r = synthetic_census(*md_, o);
  for (const SyntheticSheet& s : r.sheets) {
    if (s.kind != "municipality") continue;
    const master::Municipality* m = md_->municipality(s.municipality_code);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->prefecture_code, "13");
    EXPECT_NE(m->level, "prefecture");
    EXPECT_NE(m->level, "designated_city");
  }
}

}  // namespace
}  // namespace tsunagu::census
