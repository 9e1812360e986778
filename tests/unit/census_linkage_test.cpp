// Census record linkage without a database: field comparison outcomes, the rules that hold pairs apart
// (twins, sexes, movers without evidence), near birth dates, reviewers' decisions, and clustering that never
// chains twins together through a third row.
#include <gtest/gtest.h>

#include "census/keys.h"
#include "census/linkage.h"

namespace tsunagu::census {
namespace {

LinkRow row(std::string name, std::string kana, int birth, char sex = 'm', std::string municipality = "352012",
            std::string address = "", std::uint64_t care = 0) {
  LinkRow r;
  NameKeys n = name_keys(name), k = name_keys(kana);
  r.family = n.family;
  r.given = n.given;
  r.whole = n.whole;
  r.kana_family = k.family;
  r.kana_given = k.given;
  r.kana = k.whole;
  r.birth = birth;
  r.sex = sex;
  r.municipality = municipality;
  r.address = address_key(address);
  r.care = care;
  return r;
}

TEST(CensusLinkage, SameChildWrittenDifferentlyIsLinked) {
  Comparison c = compare_rows(row("髙橋 花子", "ﾀｶﾊｼ ﾊﾅｺ", 20180403, 'f'), row("高橋花子", "たかはしはなこ", 20180403, 'f'));
  EXPECT_EQ(c.name, Level::exact);
  EXPECT_EQ(c.kana, Level::exact);
  EXPECT_EQ(c.birth, Level::exact);
  EXPECT_EQ(c.decision, PairDecision::link);
  EXPECT_TRUE(c.rule.empty());
}

TEST(CensusLinkage, NearBirthDatesOneDigitSwappedMonthDayAndOneDayOff) {
  for (int other : {20180408, 20180304, 20180404, 20190403}) {
    Comparison c = compare_rows(row("高橋 花子", "たかはし はなこ", 20180403, 'f'), row("高橋 花子", "たかはし はなこ", other, 'f'));
    EXPECT_EQ(c.birth, Level::near) << other;
    EXPECT_EQ(c.decision, PairDecision::link) << other;
  }
  Comparison far = compare_rows(row("高橋 花子", "たかはし はなこ", 20180403, 'f'), row("高橋 花子", "たかはし はなこ", 20150917, 'f'));
  EXPECT_EQ(far.birth, Level::differ);
  EXPECT_NE(far.decision, PairDecision::link);
}

TEST(CensusLinkage, TwinsAreHeldApartEvenWithEverythingElseEqual) {
  Comparison c = compare_rows(row("山田 太郎", "やまだ たろう", 20200501, 'm', "352012", "中央1-2-3"),
                              row("山田 次郎", "やまだ じろう", 20200501, 'm', "352012", "中央1丁目2番3号"));
  EXPECT_EQ(c.address, Level::exact);
  EXPECT_TRUE(c.given_differs);
  EXPECT_NE(c.decision, PairDecision::link);
  // Without spaces in the kanji the readings still tell them apart.
  Comparison d = compare_rows(row("山田太郎", "やまだ たろう", 20200501), row("山田次郎", "やまだ じろう", 20200501));
  EXPECT_NE(d.decision, PairDecision::link);
}

TEST(CensusLinkage, DifferentSexesAreNeverLinkedSilently) {
  Comparison c = compare_rows(row("佐藤 ひかる", "さとう ひかる", 20190101, 'm'), row("佐藤 ひかる", "さとう ひかる", 20190101, 'f'));
  EXPECT_EQ(c.sex, Level::differ);
  EXPECT_NE(c.decision, PairDecision::link);
  EXPECT_FALSE(c.rule.empty());
}

TEST(CensusLinkage, SameNameElsewhereNeedsReadingSexAndCareToAgree) {
  // A child who moved: everything but the place agrees.
  Comparison moved = compare_rows(row("伊藤 翔", "いとう しょう", 20170720, 'm', "352012", "中央1-1", 0b11),
                                  row("伊藤 翔", "いとう しょう", 20170720, 'm', "352039", "大手町5-5", 0b11));
  EXPECT_EQ(moved.decision, PairDecision::link);
  // Another child of the same name and birth date: read differently.
  Comparison other = compare_rows(row("伊藤 翔", "いとう しょう", 20170720, 'm', "352012", "中央1-1", 0b11),
                                  row("伊藤 翔", "いとう かける", 20170720, 'm', "352039", "大手町5-5", 0b11));
  EXPECT_NE(other.decision, PairDecision::link);
  // Same reading, but no care item in common and different places: not linked silently.
  Comparison unsure = compare_rows(row("伊藤 翔", "いとう しょう", 20170720, 'm', "352012", "中央1-1", 0b0011),
                                   row("伊藤 翔", "いとう しょう", 20170720, 'm', "352039", "大手町5-5", 0b1100));
  EXPECT_NE(unsure.decision, PairDecision::link);
}

TEST(CensusLinkage, ClustersDoNotChainTwinsThroughARowWithoutGivenName) {
  std::vector<LinkRow> rows = {row("山田 太郎", "やまだ たろう", 20200501), row("山田 次郎", "やまだ じろう", 20200501),
                               row("山田 太郎", "", 20200501), row("山田 次郎", "ヤマダ ジロウ", 20200501)};
  LinkResult r = link_rows(rows, {});
  EXPECT_EQ(r.cluster[0], r.cluster[2]);
  EXPECT_EQ(r.cluster[1], r.cluster[3]);
  EXPECT_NE(r.cluster[0], r.cluster[1]);
}

TEST(CensusLinkage, ReviewersDecisionsOverrideTheScore) {
  std::vector<LinkRow> rows = {row("佐藤 ひかる", "さとう ひかる", 20190101, 'm'), row("佐藤 ひかる", "さとう ひかる", 20190101, 'f'),
                               row("高橋 花子", "たかはし はなこ", 20180403, 'f'), row("高橋 花子", "たかはし はなこ", 20180403, 'f')};
  LinkResult plain = link_rows(rows, {});
  EXPECT_NE(plain.cluster[0], plain.cluster[1]);
  EXPECT_EQ(plain.cluster[2], plain.cluster[3]);
  LinkResult reviewed = link_rows(rows, {{0, 1, true}, {2, 3, false}});
  EXPECT_EQ(reviewed.cluster[0], reviewed.cluster[1]);
  EXPECT_NE(reviewed.cluster[2], reviewed.cluster[3]);
}

TEST(CensusLinkage, DuplicatesWithinOneSourceAndUnrelatedChildren) {
  std::vector<LinkRow> rows = {row("中村 陽菜", "なかむら ひな", 20210615, 'f'), row("中村 陽菜", "ナカムラ ヒナ", 20210615, 'f'),
                               row("小林 蓮", "こばやし れん", 20160202, 'm')};
  LinkResult r = link_rows(rows, {});
  EXPECT_EQ(r.cluster[0], 0u);
  EXPECT_EQ(r.cluster[1], 0u);
  EXPECT_EQ(r.cluster[2], 2u);
}

TEST(CensusLinkage, AFamilyNameThatChangedLinksOnlyWithTheSameBirthDateAndAddress) {
  LinkRow before = row("小島 葵", "おじま あおい", 20180526, 'm', "352012", "北町23-21");
  Comparison same_home = compare_rows(before, row("佐々木葵", "ササキ アオイ", 20180526, 'm', "352012", "北町23番21号"));
  EXPECT_EQ(same_home.decision, PairDecision::link);
  Comparison elsewhere = compare_rows(before, row("佐々木 葵", "ささき あおい", 20180526, 'm', "352012", "南町1-1"));
  EXPECT_NE(elsewhere.decision, PairDecision::link);
  // Blocking finds the pair although neither the name nor the reading is shared.
  LinkResult r = link_rows({before, row("佐々木葵", "ササキ アオイ", 20180526, 'm', "352012", "北町23番21号")}, {});
  EXPECT_EQ(r.cluster[0], r.cluster[1]);
}

TEST(CensusLinkage, NearBirthDateNeedsTheSameHomeOrTheSameProfile) {
  // Same name and reading, a birth date one digit apart, different addresses: another child as likely as not.
  Comparison c = compare_rows(row("鈴木 彩乃", "すずき あやの", 20100911, 'f', "352012", "若葉町33-14"),
                              row("鈴木 彩乃", "すずき あやの", 20100511, 'f', "352012", "緑町10-25"));
  EXPECT_EQ(c.birth, Level::near);
  EXPECT_NE(c.decision, PairDecision::link);
  Comparison home = compare_rows(row("鈴木 彩乃", "すずき あやの", 20100911, 'f', "352012", "若葉町33-14"),
                                 row("鈴木 彩乃", "すずき あやの", 20100511, 'f', "352012", "若葉町33番14号"));
  EXPECT_EQ(home.decision, PairDecision::link);
}

TEST(CensusLinkage, TheFamilyNameReadTheOtherWayIsANearReading) {
  Comparison c = compare_rows(row("河野 葵", "こうの あおい", 20200329), row("河野 葵", "かわの あおい", 20200329));
  EXPECT_EQ(c.kana, Level::near);
  EXPECT_EQ(c.decision, PairDecision::link);
}

TEST(CensusKeys, AddressKeyIgnoresHowBlockNumbersAreWritten) {
  EXPECT_EQ(address_key("中央2丁目3番4号"), address_key("中央二丁目3-4"));
  EXPECT_EQ(address_key("中央2丁目3番4号"), address_key("中央２－３－４"));
  EXPECT_NE(address_key("中央2-3-4"), address_key("中央2-3-5"));
  EXPECT_EQ(address_key("山口県下関市中央2-3-4", {"山口県下関市", "下関市"}), address_key("中央2-3-4"));
  EXPECT_EQ(address_key("中央2-3-4 コーポ101号室"), address_key("中央2丁目3番4号 コーポ101"));
  NameKeys k = name_keys("齋藤　太郎");
  EXPECT_EQ(k.family, "斎藤");
  EXPECT_EQ(k.given, "太郎");
  EXPECT_EQ(name_keys("斎藤太郎").family, "");
}

}  // namespace
}  // namespace tsunagu::census
