#include "core/text/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/text/utf8.h"

using tsunagu::text::like_pattern_escape;
using tsunagu::text::name_key;

namespace {

void expect_same_key(std::string_view a, std::string_view b) {
  EXPECT_EQ(name_key(a), name_key(b)) << a << " vs " << b;
}

}  // namespace

TEST(NameKeyKana, HalfWidthKatakanaAndSpacesMatchHiragana) {
  expect_same_key("ﾔﾏｸﾞﾁ　タロウ", "やまぐち たろう");
  EXPECT_EQ(name_key("ﾔﾏｸﾞﾁ　タロウ"), "やまぐちたろう");
  expect_same_key("ヤマグチタロウ", "やまぐちたろう");
  expect_same_key("ﾊﾟﾝ", "ぱん");
}

TEST(NameKeyKana, KatakanaOnlyLettersFold) {
  EXPECT_EQ(name_key("ヴ"), "ゔ");
  EXPECT_EQ(name_key("ヵヶ"), "ゕゖ");
  EXPECT_EQ(name_key("ヽヾ"), "ゝゞ");
  EXPECT_EQ(name_key("ヷ"), "わ\u3099");
}

TEST(NameKeyKana, LongVowelMarkIsKept) {
  EXPECT_EQ(name_key("タロー"), "たろー");
  expect_same_key("ﾀﾛｰ", "たろー");
  EXPECT_NE(name_key("タロー"), name_key("たろう"));
  EXPECT_NE(name_key("タロー"), name_key("たろ"));
}

TEST(NameKeyKana, DetachedVoicingMarkRecombines) {
  expect_same_key("ハ゛ン", "ばん");
  expect_same_key("ハ\u3099ン", "ばん");
}

TEST(NameKeyLatin, CaseAndWidth) {
  expect_same_key("ＹＡＭＡＤＡ", "yamada");
  expect_same_key("Yamada Taro", "yamadataro");
  EXPECT_EQ(name_key("ＹＡＭＡＤＡ"), "yamada");
  expect_same_key("１２３", "123");
}

TEST(NameKeySeparators, WhitespaceIsIgnored) {
  expect_same_key(" 山田\t太郎 ", "山田太郎");
  expect_same_key("山田　太郎", "山田太郎");
  expect_same_key("山田\u00A0太郎", "山田太郎");
  expect_same_key("山田\n太郎", "山田太郎");
}

TEST(NameKeySeparators, MiddleDotsAndHyphensAreIgnored) {
  for (const char* in : {"ジョン・スミス", "ジョン･スミス", "ジョン‐スミス", "ジョン-スミス",
                         "ジョン－スミス", "ジョン＝スミス", "ジョン−スミス", "ジョン·スミス"})
    EXPECT_EQ(name_key(in), "じょんすみす") << in;
  expect_same_key("Smith-Jones", "smithjones");
}

TEST(NameKeyVariants, CommonSurnames) {
  expect_same_key("髙橋", "高橋");
  expect_same_key("山﨑", "山崎");
  expect_same_key("山嵜", "山崎");
  expect_same_key("渡邊", "渡辺");
  expect_same_key("渡邉", "渡辺");
  expect_same_key("渡邊", "渡邉");
  expect_same_key("齋藤", "斎藤");
  expect_same_key("齊藤", "斉藤");
  expect_same_key("濱田", "浜田");
  expect_same_key("濵田", "浜田");
  expect_same_key("𠮷田", "吉田");
  expect_same_key("中嶋", "中島");
  expect_same_key("中嶌", "中島");
  expect_same_key("冨田", "富田");
  expect_same_key("小栁", "小柳");
}

TEST(NameKeyVariants, DifferentNamesStayDifferent) {
  EXPECT_NE(name_key("斎藤"), name_key("斉藤"));
  EXPECT_NE(name_key("齋藤"), name_key("齊藤"));
  EXPECT_NE(name_key("龍"), name_key("竜"));
  EXPECT_NE(name_key("高橋"), name_key("髙田"));
}

TEST(NameKeyVariants, EveryTableEntry) {
  const std::vector<std::pair<const char*, const char*>> pairs = {
      {"髙", "高"}, {"﨑", "崎"}, {"嵜", "崎"}, {"邊", "辺"}, {"邉", "辺"}, {"齋", "斎"},
      {"齊", "斉"}, {"濱", "浜"}, {"濵", "浜"}, {"澤", "沢"}, {"櫻", "桜"}, {"國", "国"},
      {"廣", "広"}, {"嶋", "島"}, {"嶌", "島"}, {"冨", "富"}, {"德", "徳"}, {"眞", "真"},
      {"瀨", "瀬"}, {"栁", "柳"}, {"惠", "恵"}, {"壽", "寿"}, {"曻", "昇"}, {"桒", "桑"},
      {"𠮷", "吉"}, {"黑", "黒"}, {"淸", "清"}, {"實", "実"}, {"彌", "弥"}, {"榮", "栄"},
      {"靜", "静"}, {"藏", "蔵"}, {"驒", "騨"}, {"髮", "髪"},
  };
  for (const auto& [from, to] : pairs) {
    EXPECT_EQ(name_key(from), to) << from;
    EXPECT_EQ(name_key(to), to) << to;
  }
}

TEST(NameKeyVariants, CompatibilityIdeographsViaNfkc) {
  EXPECT_EQ(name_key("\uF9DC"), "隆");  // 隆
  EXPECT_EQ(name_key("\uFA10"), "塚");  // 塚
  expect_same_key("飯\uFA10", "飯塚");
}

TEST(NameKeyVariants, IdeographicVariationSelectorsAreDropped) {
  expect_same_key("葛\U000E0100飾", "葛飾");
  expect_same_key("辻\U000E0101", "辻");
}

TEST(NameKeyRobustness, InvalidUtf8DoesNotCrash) {
  const std::vector<std::string> bad = {"\xFF", "\xE4\xBB", "山\xFF田", "\xC0\xAF", "\xED\xA0\x80",
                                        "\xF4\x90\x80\x80", std::string("\0", 1), "\x80\x80\x80"};
  for (const auto& s : bad) {
    std::string key = name_key(s);
    EXPECT_TRUE(tsunagu::text::valid_utf8(key)) << key;
    EXPECT_EQ(key.find("\xEF\xBF\xBD"), std::string::npos);  // no U+FFFD left behind
  }
  EXPECT_EQ(name_key("山\xFF田"), "山田");
  EXPECT_EQ(name_key("\xFF"), "");
}

TEST(NameKeyRobustness, EmptyAndLongInput) {
  EXPECT_EQ(name_key(""), "");
  EXPECT_EQ(name_key(" 　\t"), "");
  std::string long_name;
  for (int i = 0; i < 10000; ++i) long_name += "ヤマダ";
  EXPECT_EQ(name_key(long_name).size(), std::string("やまだ").size() * 10000);
}

TEST(NameKeyRobustness, IdempotentAndThreadSafe) {
  for (const char* in : {"ﾔﾏｸﾞﾁ　タロウ", "渡邊・ＹＡＭＡＤＡ", "𠮷田 ハ゛ン"})
    EXPECT_EQ(name_key(name_key(in)), name_key(in)) << in;
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&mismatches, t] {
      for (int i = 0; i < 500; ++i)
        if (name_key("ﾔﾏｸﾞﾁ　髙橋") != "やまぐち高橋") ++mismatches[t];
    });
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(NameKeyLike, EscapesWildcardsAndBackslash) {
  EXPECT_EQ(like_pattern_escape("やまだ"), "やまだ");
  EXPECT_EQ(like_pattern_escape("100%"), "100\\%");
  EXPECT_EQ(like_pattern_escape("a_b"), "a\\_b");
  EXPECT_EQ(like_pattern_escape("a\\b"), "a\\\\b");
  EXPECT_EQ(like_pattern_escape("%_\\"), "\\%\\_\\\\");
  EXPECT_EQ(like_pattern_escape(""), "");
}
