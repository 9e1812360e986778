#include "core/text/encoding.h"

#include <gtest/gtest.h>

#include <random>

#include "core/text/utf8.h"

using tsunagu::text::decode_text;
using tsunagu::text::Decoded;
using tsunagu::text::Encoding;
using tsunagu::text::encoding_name;

// CP932 bytes are written out as hex so the test does not depend on how this file is encoded.

TEST(Encoding, AsciiIsUtf8) {
  Decoded d = decode_text("code,name\r\n35201,Shimonoseki\r\n");
  EXPECT_EQ(d.encoding, Encoding::utf8);
  EXPECT_EQ(d.utf8, "code,name\r\n35201,Shimonoseki\r\n");
}

TEST(Encoding, EmptyIsUtf8) {
  Decoded d = decode_text("");
  EXPECT_EQ(d.encoding, Encoding::utf8);
  EXPECT_EQ(d.utf8, "");
}

TEST(Encoding, Utf8KeptAsItIs) {
  Decoded d = decode_text("氏名,ふりがな\n山口　太郎,やまぐち たろう\n①㈱髙﨑ｱ〜\n");
  EXPECT_EQ(d.encoding, Encoding::utf8);
  EXPECT_EQ(d.utf8, "氏名,ふりがな\n山口　太郎,やまぐち たろう\n①㈱髙﨑ｱ〜\n");
}

TEST(Encoding, Utf8BomStripped) {
  Decoded d = decode_text("\xEF\xBB\xBF" "名前\r\n");
  EXPECT_EQ(d.encoding, Encoding::utf8);
  EXPECT_EQ(d.utf8, "名前\r\n");
}

TEST(Encoding, Cp932Japanese) {
  // あ 山口県, a comma and CRLF.
  Decoded d = decode_text("\x82\xA0,\x8E\x52\x8C\xFB\x8C\xA7\r\n");
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_EQ(d.utf8, "あ,山口県\r\n");
}

TEST(Encoding, Cp932NecSpecialCharacters) {
  // ① (0x8740) and ㈱ (0x878A) are NEC row 13, not in JIS X 0208.
  EXPECT_EQ(decode_text("\x87\x40\x87\x8A").utf8, "①㈱");
}

TEST(Encoding, Cp932IbmExtensionsBothCodes) {
  // 髙 and 﨑 exist twice in CP932: IBM extensions (0xFBFC, 0xFAB1) and NEC-selected IBM extensions
  // (0xEEE0, 0xED95). Both must give the same characters.
  EXPECT_EQ(decode_text("\xFB\xFC\xFA\xB1").utf8, "髙﨑");
  EXPECT_EQ(decode_text("\xEE\xE0\xED\x95").utf8, "髙﨑");
}

TEST(Encoding, Cp932HalfWidthKana) {
  // ｱｲｳ (0xB1-0xB3) and ﾀﾞ (0xC0 0xDE): single bytes, kept half-width.
  Decoded d = decode_text("\xB1\xB2\xB3\xC0\xDE");
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_EQ(d.utf8, "ｱｲｳﾀﾞ");
}

TEST(Encoding, Cp932MapsLikeWindows) {
  // 0x8160, typed as 〜 in a Japanese IME, is U+FF5E FULLWIDTH TILDE on Windows (not U+301C WAVE DASH);
  // 0x815F is U+FF3C, and the single bytes 0x5C and 0x7E stay '\' and '~' (not ¥ and ‾).
  Decoded d = decode_text("\x82\xA0\x81\x60\x81\x5F\x5C\x7E\x81\x61\x81\x7C");
  EXPECT_EQ(d.utf8, "あ\uFF5E\uFF3C\\~\u2225\uFF0D");
}

TEST(Encoding, Cp932InvalidBytesBecomeReplacement) {
  // 0x82 0x20: a lead byte whose trail is not valid (the space survives); 0xA0 and 0xFD are not used in
  // CP932; 0xEF 0x40 is an unassigned double byte; a lone lead byte at the end.
  Decoded d = decode_text("\x82\xA0\x82\x20\xA0\x82\xA2\xFD\xEF\x40\x82");
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_EQ(d.utf8, "あ\uFFFD \uFFFDい\uFFFD\uFFFD\uFFFD");
}

TEST(Encoding, AsciiAroundCp932IsCp932) {
  Decoded d = decode_text("id,\x83\x65\x83\x58\x83\x67\n1,test\n");
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_EQ(d.utf8, "id,テスト\n1,test\n");
}

TEST(Encoding, Utf8WithOneBadByteAndNoBomIsReadAsCp932) {
  // Without a BOM a file is one encoding or the other: one byte that is not UTF-8 decides for CP932.
  // 名 is E5 90 8D in UTF-8; as CP932, E5 90 is 蜷 and 8D 0xFF is not a character.
  Decoded d = decode_text("\xE5\x90\x8D\xFF");
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_EQ(d.utf8, "蜷\uFFFD\uFFFD");
}

TEST(Encoding, BomWithIllFormedUtf8StaysUtf8) {
  Decoded d = decode_text("\xEF\xBB\xBF" "名\xFF前");
  EXPECT_EQ(d.encoding, Encoding::utf8);
  EXPECT_EQ(d.utf8, "名\uFFFD前");
}

TEST(Encoding, LongCp932InputCrossesBufferBoundaries) {
  // More than the converter's internal buffers, with multi-byte characters at every offset.
  std::string bytes, expected;
  for (int i = 0; i < 20000; ++i) {
    bytes += (i % 3 == 0) ? std::string("a") : std::string("\x82\xA0");
    expected += (i % 3 == 0) ? std::string("a") : std::string("あ");
  }
  bytes += "\x87\x40";
  expected += "①";
  Decoded d = decode_text(bytes);
  EXPECT_EQ(d.encoding, Encoding::cp932);
  EXPECT_EQ(d.utf8, expected);
}

TEST(Encoding, RandomBytesNeverThrowAndGiveUtf8) {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::string bytes(rng() % 300, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    Decoded d = decode_text(bytes);
    EXPECT_TRUE(tsunagu::text::valid_utf8(d.utf8));
  }
}

TEST(Encoding, Names) {
  EXPECT_STREQ(encoding_name(Encoding::utf8), "UTF-8");
  EXPECT_STREQ(encoding_name(Encoding::cp932), "Shift_JIS (CP932)");
}
