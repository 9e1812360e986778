#include "census/template.h"

#include "census/sheet.h"
#include "core/io/csv.h"
#include "core/io/xlsx.h"

namespace tsunagu::census {
namespace {

constexpr const char* kHelp[12] = {
    "必須。提出元の中で重複しない番号（例: 2026-0001）",
    "必須。姓と名の間に空白（全角・半角どちらでも）を入れてください",
    "ひらがなかカタカナ。姓と名の間に空白",
    "例: 2019-04-01、2019/4/1、R1.5.1、令和元年5月1日、平成27年1月10日",
    "男・女（M・F、1・2 も可）",
    "全国地方公共団体コード（5桁または6桁）。市区町村名があれば空欄可",
    "例: 下関市、山口県下関市",
    "市区町村より後の住所",
    "「、」「/」などで区切る。例: 人工呼吸器、気管切開、吸引、経管栄養",
    "在宅・保育所・幼稚園・認定こども園・児童発達支援・小学校・中学校・高等学校・特別支援学校・訪問教育・その他",
    "自由記入",
    "自由記入",
};

constexpr const char* kExample[12] = {
    "2026-0001", "山口 太郎", "やまぐち たろう", "R2.5.1", "男", "352012", "下関市", "中央1-2-3",
    "人工呼吸器、気管切開、吸引", "在宅", "脊髄性筋萎縮症", "",
};

}  // namespace

std::string template_workbook() {
  io::Sheet sheet{"共通シート", {}, {}};
  io::Sheet help{"記入のしかた", {"列", "英語名", "書き方"}, {}};
  io::Sheet example{"記入例", {}, {{}}};
  for (std::size_t i = 0; i < std::size(kColumns); ++i) {
    sheet.header.emplace_back(kColumns[i].ja);
    example.header.emplace_back(kColumns[i].ja);
    example.rows[0].emplace_back(std::string(kExample[i]));
    help.rows.push_back({std::string(kColumns[i].ja), std::string(kColumns[i].en), std::string(kHelp[i])});
  }
  return io::write_xlsx({sheet, help, example});
}

std::string template_csv_text() {
  std::vector<std::string> header;
  for (const ColumnSpec& c : kColumns) header.emplace_back(c.ja);
  return "\xEF\xBB\xBF" + io::csv_line(header);
}

}  // namespace tsunagu::census
