// The census on both backends: reading sheets (headers, aliases, title rows, Shift_JIS, every kind of bad
// cell with row, column and a Japanese reason), all-or-nothing imports, re-imports that keep history,
// reconciliation with reviewers' decisions kept across runs, frozen rounds, statistics and the report.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "app/app.h"
#include "census/persons.h"
#include "census/report.h"
#include "support/test_db.h"

namespace tsunagu {
namespace {

using census::ImportRequest;
using census::ImportResult;

const audit::Actor kActor{std::nullopt, "tester", "center_staff", "t", "127.0.0.1"};

const std::string kHeader = "記録番号,氏名,ふりがな,生年月日,性別,市区町村コード,市区町村名,住所,医療的ケア,所属\n";

class CensusFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDatabase>(GetParam());
    app_ = std::make_unique<App>(db_->url(), Settings{}, 2);
  }
  census::Census& census() { return app_->services().census; }

  ImportResult import(const std::string& source, const std::string& kind, const std::string& csv,
                      bool skip_invalid = false, const std::string& municipality = "") {
    ImportRequest req;
    req.round = 2026;
    req.source = source;
    req.kind = kind;
    req.municipality = municipality;
    req.file_name = source + ".csv";
    req.bytes = csv;
    req.skip_invalid = skip_invalid;
    return census().import(req, kActor);
  }
  long long count(const std::string& sql_text) {
    db::Session sql(app_->services().db);
    long long n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }
  std::map<std::string, std::string> keys() {
    std::map<std::string, std::string> out;
    for (const auto& l : census().links(2026, kActor)) out[l.source + "/" + l.record_id] = l.person_key;
    return out;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<App> app_;
};

const std::string kMunicipalSheet = kHeader +
                                    "1,山田 太郎,やまだ たろう,R2.5.1,男,35201,,中央1-2-3,人工呼吸器、気管切開,在宅\n"
                                    "2,山田 次郎,やまだ じろう,R2.5.1,男,,下関市,中央1丁目2番3号,吸引,在宅\n"
                                    "3,髙橋　花子,ﾀｶﾊｼ ﾊﾅｺ,2018/4/3,F,352012,,,経管栄養/吸引,保育所\n";
const std::string kEducationSheet =
    "令和8年度 医療的ケア児 名簿（教育委員会）\n\n"
    "record_id,name,kana,birth_date,sex,municipality_name,care,affiliation,学校名\n"
    "E1,高橋花子,たかはしはなこ,平成30年4月3日,女,山口県下関市,胃ろう,小学校,下関市立A小学校\n"
    "E2,山田太郎,ヤマダタロウ,2020-05-01,1,下関市,人工呼吸器,特別支援学校,\n";

TEST_P(CensusFixture, ImportReadsAliasesTitleRowsAndKeepsUnknownColumnsWithAWarning) {
  ImportResult r = import("education", "education", kEducationSheet);
  ASSERT_TRUE(r.stored) << r.refusal;
  EXPECT_EQ(r.sheet.header_line, 3u);
  EXPECT_EQ(r.sheet.rows.size(), 2u);
  ASSERT_EQ(r.sheet.issues.size(), 1u);
  EXPECT_FALSE(r.sheet.issues[0].error);
  EXPECT_EQ(r.sheet.issues[0].column, "学校名");
  const census::SheetRow& e1 = r.sheet.rows[0];
  EXPECT_EQ(e1.birth_date, "2018-04-03");
  EXPECT_EQ(e1.kana, "タカハシハナコ");
  EXPECT_EQ(e1.sex, "female");
  EXPECT_EQ(e1.municipality_code, "352012");
  EXPECT_EQ(e1.care_items, std::vector<std::string>{"tube_feeding"});
  EXPECT_EQ(e1.affiliation, "elementary");
  ASSERT_EQ(e1.extra.size(), 1u);
  EXPECT_EQ(e1.extra[0].second, "下関市立A小学校");
}

TEST_P(CensusFixture, EveryBadCellIsReportedWithRowColumnAndReasonAndNothingIsStored) {
  std::string csv = kHeader +
                    "1,山田 太郎,yamada,R2.13.1,X,35202,,,人工呼吸器、ドラゴン,宇宙\n"
                    "1,,やまだ,H31.5.1,男,35209,,,,在宅\n"
                    "3,鈴木 一郎,すずき いちろう,2019-02-03,男,352020,,,,\n"
                    "4,鈴木 二郎,すずき じろう,2099-02-03,男,35201,萩市,,,\n"
                    "5,鈴木 三郎,すずき さぶろう,2019-02-03,男,352021,,,,\n";
  ImportResult r = import("mun-352021", "municipality", csv, false, "35202");
  EXPECT_FALSE(r.stored);
  EXPECT_FALSE(r.refusal.empty());
  EXPECT_EQ(r.sheet.invalid_rows, 4u);
  std::multimap<std::pair<std::size_t, std::string>, std::pair<std::string, bool>> got;
  for (const census::Issue& i : r.sheet.issues) got.emplace(std::make_pair(i.line, i.column), std::make_pair(i.message, i.error));
  auto find = [&](std::size_t line, const std::string& column, const std::string& fragment, bool error) {
    auto [lo, hi] = got.equal_range({line, column});
    for (auto it = lo; it != hi; ++it)
      if (it->second.first.find(fragment) != std::string::npos && it->second.second == error) return true;
    return false;
  };
  auto has = [&](std::size_t line, const std::string& column, const std::string& fragment) {
    return find(line, column, fragment, true);
  };
  // What the issue names as errors stop the row; a reading, sex or affiliation that cannot be read is left out
  // with a warning, and the row is kept.
  EXPECT_TRUE(find(2, "ふりがな", "「yamada」", false));
  EXPECT_TRUE(has(2, "生年月日", "13月"));
  EXPECT_TRUE(find(2, "性別", "「X」", false));
  EXPECT_TRUE(has(2, "医療的ケア", "「ドラゴン」"));
  EXPECT_TRUE(find(2, "所属", "「宇宙」", false));
  EXPECT_TRUE(has(3, "記録番号", "2行目と重複"));
  EXPECT_TRUE(has(3, "氏名", "ありません"));
  EXPECT_TRUE(has(3, "生年月日", "令和元年5月1日"));
  EXPECT_TRUE(has(3, "市区町村コード", "見つかりません"));
  EXPECT_TRUE(has(4, "市区町村コード", "検査数字"));
  EXPECT_TRUE(has(5, "生年月日", "今日より後"));
  EXPECT_TRUE(has(5, "市区町村名", "一致しません"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_rows"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_sources"), 0);

  // The importer may choose the valid rows instead.
  ImportResult some = import("mun-352021", "municipality", csv, true, "35202");
  ASSERT_TRUE(some.stored);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_rows"), 1);
  EXPECT_EQ(count("SELECT skipped_rows FROM census_sources"), 4);
}

TEST_P(CensusFixture, LenientWhereTheSheetIsClearEnough) {
  std::string csv = "氏名（漢字）,記録番号,生年月日,性別,市町村名,医療的ケア,所属\n"
                    "山田 太郎,1,2019/04/01 0:00:00,男児,下関,経管栄養（胃ろう）、人工呼吸器管理,下関市立山の田小学校\n"
                    "山田 花子,2,2019-04-01T00:00:00,不明,萩,喀痰吸引、なし,○○保育園\n";
  ImportResult r = import("x", "other", csv);
  ASSERT_TRUE(r.stored) << r.refusal;
  const census::SheetRow& a = r.sheet.rows[0];
  EXPECT_EQ(a.birth_date, "2019-04-01");
  EXPECT_EQ(a.sex, "male");
  EXPECT_EQ(a.municipality_code, "352012");
  EXPECT_EQ(a.care_items, (std::vector<std::string>{"tube_feeding", "ventilator"}));
  EXPECT_EQ(a.affiliation, "elementary");
  const census::SheetRow& b = r.sheet.rows[1];
  EXPECT_EQ(b.birth_date, "2019-04-01");
  EXPECT_EQ(b.sex, "");
  EXPECT_EQ(b.affiliation, "nursery");
  EXPECT_EQ(b.municipality_code, "352047");  // 萩市
  EXPECT_EQ(b.care_items, std::vector<std::string>{"suction"});
  // A name that several prefectures have, none of them the file's (山口県), cannot be told: an error.
  ImportResult unclear = import("y", "other", "記録番号,氏名,市区町村名\n1,山田 一,下関市\n2,山田 二,朝日町\n");
  EXPECT_FALSE(unclear.stored);
  EXPECT_EQ(unclear.sheet.invalid_rows, 1u);
}

TEST_P(CensusFixture, ABareNameSharedByPrefecturesIsTakenFromThePrefectureTheFileNames) {
  // 三重県's sheet: 津市 and 四日市市 exist only there, so 朝日町 is 三重県's (not 富山県's or 北海道's).
  std::string csv = "記録番号,氏名,市区町村名\n1,伊勢 一郎,津市\n2,伊勢 二郎,四日市市\n3,伊勢 三郎,朝日町\n";
  ImportResult r = import("mie", "other", csv);
  ASSERT_TRUE(r.stored) << r.refusal;
  EXPECT_EQ(r.sheet.rows[2].municipality_code.substr(0, 2), "24");
}

TEST_P(CensusFixture, AFileWithoutTheRequiredHeadersIsRefusedAsAWhole) {
  ImportResult r = import("x", "other", "氏名,生年月日\n山田 太郎,2020-01-01\n");
  EXPECT_FALSE(r.stored);
  EXPECT_TRUE(r.sheet.file_error);
  ASSERT_FALSE(r.sheet.issues.empty());
  EXPECT_NE(r.sheet.issues[0].message.find("記録番号"), std::string::npos);
  ImportResult none = import("x", "other", "ただのメモ\nなにもない\n");
  EXPECT_TRUE(none.sheet.file_error);
  EXPECT_NE(none.sheet.issues[0].message.find("見出し行"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_sources"), 0);
}

TEST_P(CensusFixture, AnImportThatFailsHalfwayLeavesNothing) {
  // The database refuses the third row (as a full disk would): the rows before it, the source and the new round
  // must all be rolled back, on both backends (PostgreSQL writes the rows with COPY).
  {
    db::Session sql(app_->services().db);
    if (GetParam() == "postgresql") {
      sql << "CREATE FUNCTION census_fail() RETURNS trigger AS $$ BEGIN IF NEW.line = 4 THEN RAISE EXCEPTION "
             "'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql";
      sql << "CREATE TRIGGER census_fail BEFORE INSERT ON census_rows FOR EACH ROW EXECUTE FUNCTION census_fail()";
    } else {
      sql << "CREATE TRIGGER census_fail BEFORE INSERT ON census_rows WHEN NEW.line = 4 BEGIN "
             "SELECT RAISE(ABORT, 'disk full'); END";
    }
  }
  EXPECT_THROW(import("mun-352012", "municipality", kMunicipalSheet, false, "352012"), std::exception);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_rows"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_sources"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_rounds"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 0);
  {
    db::Session sql(app_->services().db);
    sql << "DROP TRIGGER census_fail" + std::string(GetParam() == "postgresql" ? " ON census_rows" : "");
  }
  EXPECT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_rows"), 3);
}

TEST_P(CensusFixture, ShiftJisFilesAreReadLikeUtf8) {
  // "記録番号,氏名,市区町村名\r\n1,髙橋 花子,下関市\r\n" in CP932 (髙 is an IBM extension character).
  std::string sjis =
      "\x8B\x4C\x98\x5E\x94\xD4\x8D\x86,\x8E\x81\x96\xBC,\x8E\x73\x8B\xE6\x92\xAC\x91\xBA\x96\xBC\r\n"
      "1,\xFB\xFC\x8B\xB4 \x89\xD4\x8E\x71,\x89\xBA\x8A\xD6\x8E\x73\r\n";
  ImportResult r = import("sj", "other", sjis + "");
  ASSERT_TRUE(r.stored) << r.refusal;
  EXPECT_NE(r.sheet.format.find("Shift_JIS"), std::string::npos);
  ASSERT_EQ(r.sheet.rows.size(), 1u);
  EXPECT_EQ(r.sheet.rows[0].name, "髙橋 花子");
}

TEST_P(CensusFixture, ReimportReplacesTheSourceAndKeepsTheEarlierVersion) {
  ASSERT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  ASSERT_TRUE(import("mun-352012", "municipality", kHeader + "9,田中 一,たなか はじめ,2019-01-01,男,352012,,,,\n", false,
                     "352012").stored);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_sources"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_sources WHERE active = 1 AND version = 2"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_rows"), 4);
  census().reconcile(2026, kActor);
  EXPECT_EQ(keys().size(), 1u);
}

TEST_P(CensusFixture, ReconcileLinksAcrossSourcesAndKeepsReviewersDecisions) {
  ASSERT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  ASSERT_TRUE(import("education", "education", kEducationSheet).stored);
  EXPECT_THROW(census().links(2026, kActor), std::invalid_argument);  // not reconciled yet
  census::ReconcileSummary s = census().reconcile(2026, kActor);
  EXPECT_EQ(s.rows, 5u);
  EXPECT_EQ(s.persons, 3u);
  auto k = keys();
  EXPECT_EQ(k["education/E1"], k["mun-352012/3"]);
  EXPECT_EQ(k["education/E2"], k["mun-352012/1"]);
  EXPECT_NE(k["mun-352012/1"], k["mun-352012/2"]);  // twins

  {
    db::Session sql(app_->services().db);
    census::store::save_review(sql, 2026, {"mun-352012", "3", "education", "E1", false}, "reviewer");
  }
  census().reconcile(2026, kActor);
  k = keys();
  EXPECT_NE(k["education/E1"], k["mun-352012/3"]);
  EXPECT_EQ(k["education/E2"], k["mun-352012/1"]);
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action = 'reconcile'"), 2);
}

TEST_P(CensusFixture, StatisticsCountChildrenNotRowsAndTheReportSuppressesSmallCells) {
  ASSERT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  ASSERT_TRUE(import("education", "education", kEducationSheet).stored);
  census().reconcile(2026, kActor);
  census::RoundStats s = census::round_stats(census(), 2026, kActor);
  EXPECT_EQ(s.persons, 3);
  EXPECT_EQ(s.rows, 5);
  const census::Table& mun = s.tables[0];
  auto shimonoseki = std::find_if(mun.counts.begin(), mun.counts.end(), [](auto& c) { return c.code == "352012"; });
  ASSERT_NE(shimonoseki, mun.counts.end());
  EXPECT_EQ(shimonoseki->n, 3);
  EXPECT_EQ(census::published(3), "＊");
  EXPECT_EQ(census::published(0), "0");
  EXPECT_EQ(census::published(5), "5");
  std::string xlsx = census::round_report_xlsx(census(), 2026, kActor);
  EXPECT_EQ(xlsx.substr(0, 2), "PK");
}

TEST_P(CensusFixture, StatisticsCompareWithThePreviousReconciledRound) {
  ImportRequest earlier;
  earlier.round = 2025;
  earlier.source = "mun-352012";
  earlier.kind = "municipality";
  earlier.municipality = "352012";
  earlier.bytes = kHeader + "1,山田 太郎,やまだ たろう,R2.5.1,男,35201,,中央1-2-3,人工呼吸器,在宅\n";
  ASSERT_TRUE(census().import(earlier, kActor).stored);
  census().reconcile(2025, kActor);
  ASSERT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  census().reconcile(2026, kActor);
  census::RoundStats s = census::round_stats(census(), 2026, kActor);
  EXPECT_EQ(s.previous_year, 2025);
  ASSERT_TRUE(s.previous_persons.has_value());
  EXPECT_EQ(*s.previous_persons, 1);
  const census::Table& care = s.tables[3];
  auto ventilator = std::find_if(care.counts.begin(), care.counts.end(), [](auto& c) { return c.code == "ventilator"; });
  ASSERT_NE(ventilator, care.counts.end());
  EXPECT_EQ(ventilator->n, 1);
  EXPECT_EQ(ventilator->previous, 1);
  auto suction = std::find_if(care.counts.begin(), care.counts.end(), [](auto& c) { return c.code == "suction"; });
  EXPECT_EQ(suction->n, 2);
  EXPECT_EQ(suction->previous, 0);
  census::RoundStats first = census::round_stats(census(), 2025, kActor);
  EXPECT_EQ(first.previous_year, 0);  // nothing before 2025
}

TEST_P(CensusFixture, AFrozenRoundChangesNoMore) {
  ASSERT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  EXPECT_THROW(census().freeze(2026, kActor), std::invalid_argument);  // not reconciled
  census().reconcile(2026, kActor);
  census().freeze(2026, kActor);
  EXPECT_THROW(import("education", "education", kEducationSheet), std::invalid_argument);
  EXPECT_THROW(census().reconcile(2026, kActor), std::invalid_argument);
  EXPECT_EQ(count("SELECT COUNT(*) FROM census_sources"), 1);
}

TEST_P(CensusFixture, TheRegistryIsOneMoreSourceAndLinksToTheSheets) {
  auth::Principal center;
  center.role = auth::Role::center_staff;
  center.prefecture_code = "35";
  registry::Child c;
  c.family_name = "髙橋";
  c.given_name = "花子";
  c.family_name_kana = "タカハシ";
  c.given_name_kana = "ハナコ";
  c.birth_date = "2018-04-03";
  c.sex = "female";
  c.municipality_code = "352012";
  c.life_stage = "elementary";
  c.source = "hospital";
  c.care_items = {{"tube_feeding_route", "low"}};
  auto created = app_->services().registry.create(center, kActor, c, {{0, "registration", "2024-04-01", "paper", "", "", ""}}, "test");
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(import("mun-352012", "municipality", kMunicipalSheet, false, "352012").stored);
  ImportResult r = census().import_registry(2026, kActor);
  ASSERT_TRUE(r.stored) << r.refusal;
  ASSERT_EQ(r.sheet.rows.size(), 1u);
  EXPECT_EQ(r.sheet.rows[0].care_items, std::vector<std::string>{"tube_feeding"});
  EXPECT_EQ(r.sheet.rows[0].affiliation, "elementary");
  census().reconcile(2026, kActor);
  auto k = keys();
  EXPECT_EQ(k["registry/" + std::to_string(created.id)], k["mun-352012/3"]);
}

INSTANTIATE_TEST_SUITE_P(Backends, CensusFixture, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tsunagu
