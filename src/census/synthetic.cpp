#include "census/synthetic.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/random/splitmix.h"
#include "core/text/utf8.h"
#include "core/text/wareki.h"

namespace tsunagu::census {

namespace {

// ---- Randomness: SplitMix64, the same on every standard library (std:: distributions are not specified bit
// for bit). Every stream is seeded from a hash of what it is for, so no part depends on the order of another.

using Rng = core::SplitMix64;

std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return Rng(a ^ (b * 0xD1B54A32D192ED03ull + 0x632BE59BD9B4E019ull)).next(); }
std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) { return mix(mix(a, b), c); }
std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) { return mix(mix(a, b, c), d); }

// FNV-1a: a string hash that is the same everywhere (std::hash is not specified).
std::uint64_t fnv(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return h;
}

// Stream tags: what a seed is for.
enum Stream : std::uint64_t { kHousehold = 1, kCoverage, kSheet, kRow, kLayout, kIds };

// Index drawn from a cumulative weight table.
std::size_t draw(Rng& r, const std::vector<double>& cumulative) {
  double x = r.unit() * cumulative.back();
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

// ---- Dates as days since 1970-01-01 (core/text/wareki.h).



long long days_from_civil(int y, int m, int d) { return text::days_from_civil({y, m, d}); }
using text::civil_from_days;

std::string iso_of(long long days) { return text::format_iso(civil_from_days(days)); }

// ---- Kana (UTF-8 helpers: core/text/utf8.h).

using text::append_utf8;



// Half-width forms of ァ (U+30A1) … ヶ (U+30F6), voiced ones as two characters.
constexpr const char* kHalfWidth[] = {
    "ｧ", "ｱ", "ｨ", "ｲ", "ｩ", "ｳ", "ｪ", "ｴ", "ｫ", "ｵ", "ｶ", "ｶﾞ", "ｷ", "ｷﾞ", "ｸ", "ｸﾞ", "ｹ", "ｹﾞ",
    "ｺ", "ｺﾞ", "ｻ", "ｻﾞ", "ｼ", "ｼﾞ", "ｽ", "ｽﾞ", "ｾ", "ｾﾞ", "ｿ", "ｿﾞ", "ﾀ", "ﾀﾞ", "ﾁ", "ﾁﾞ", "ｯ", "ﾂ",
    "ﾂﾞ", "ﾃ", "ﾃﾞ", "ﾄ", "ﾄﾞ", "ﾅ", "ﾆ", "ﾇ", "ﾈ", "ﾉ", "ﾊ", "ﾊﾞ", "ﾊﾟ", "ﾋ", "ﾋﾞ", "ﾋﾟ", "ﾌ", "ﾌﾞ",
    "ﾌﾟ", "ﾍ", "ﾍﾞ", "ﾍﾟ", "ﾎ", "ﾎﾞ", "ﾎﾟ", "ﾏ", "ﾐ", "ﾑ", "ﾒ", "ﾓ", "ｬ", "ﾔ", "ｭ", "ﾕ", "ｮ", "ﾖ",
    "ﾗ", "ﾘ", "ﾙ", "ﾚ", "ﾛ", "ﾜ", "ﾜ", "ｲ", "ｴ", "ｦ", "ﾝ", "ｳﾞ", "ｶ", "ｹ"};
static_assert(std::size(kHalfWidth) == 0x30F6 - 0x30A1 + 1);

enum Script { kHiragana, kKatakana, kHalfKatakana };

// A hiragana reading in the given script; `large` writes small kana (ゃ, っ, …) as their large forms, as
// old systems that had no small kana did.
std::string kana_in(std::string_view hiragana, int script, bool large) {
  std::string out;
  for (char32_t c : text::to_utf32(hiragana)) {
    if (large && (c == U'ぁ' || c == U'ぃ' || c == U'ぅ' || c == U'ぇ' || c == U'ぉ' || c == U'っ' || c == U'ゃ' ||
                  c == U'ゅ' || c == U'ょ'))
      ++c;
    if (script != kHiragana && c >= 0x3041 && c <= 0x3096) c += 0x60;
    if (script == kHalfKatakana && c >= 0x30A1 && c <= 0x30F6) out += kHalfWidth[c - 0x30A1];
    else if (script == kHalfKatakana && c == U'ー') out += "ｰ";
    else append_utf8(out, c);
  }
  return out;
}

// ASCII letters, digits and signs as their full-width forms (what a Japanese input method types).
std::string full_width(std::string_view s) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7F) append_utf8(out, c + 0xFEE0);
    else out += ch;
  }
  return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// ---- Names. Readings in hiragana; alternatives after '|'. Family names roughly by frequency (with 山口県's
// common names moved up), each with another reading some families use and the 異体字 some families hold.

struct FamilyName {
  const char* kanji;
  const char* kana;
  const char* alt_kana = nullptr;
  std::array<const char*, 3> variants{};
};

const FamilyName kFamilyNames[] = {
    {"佐藤", "さとう"}, {"鈴木", "すずき"}, {"高橋", "たかはし", nullptr, {"髙橋"}}, {"田中", "たなか"},
    {"伊藤", "いとう"}, {"山本", "やまもと"}, {"渡辺", "わたなべ", nullptr, {"渡邊", "渡邉"}}, {"中村", "なかむら"},
    {"小林", "こばやし"}, {"加藤", "かとう"}, {"吉田", "よしだ", nullptr, {"𠮷田"}}, {"山田", "やまだ"},
    {"藤井", "ふじい"}, {"山口", "やまぐち"}, {"松本", "まつもと"}, {"原田", "はらだ"}, {"佐々木", "ささき"},
    {"井上", "いのうえ"}, {"木村", "きむら"}, {"林", "はやし"}, {"斎藤", "さいとう", nullptr, {"齋藤", "斉藤", "齊藤"}},
    {"清水", "しみず", nullptr, {"淸水"}}, {"河村", "かわむら"}, {"山崎", "やまざき", "やまさき", {"山﨑", "山嵜"}},
    {"森", "もり"}, {"池田", "いけだ"}, {"橋本", "はしもと"}, {"阿部", "あべ"}, {"村上", "むらかみ"},
    {"石川", "いしかわ"}, {"山下", "やました"}, {"中島", "なかじま", "なかしま", {"中嶋"}}, {"石井", "いしい"},
    {"小川", "おがわ"}, {"前田", "まえだ"}, {"岡田", "おかだ"}, {"長谷川", "はせがわ"}, {"藤田", "ふじた"},
    {"後藤", "ごとう"}, {"近藤", "こんどう"}, {"弘中", "ひろなか"}, {"遠藤", "えんどう"}, {"青木", "あおき"},
    {"坂本", "さかもと"}, {"福田", "ふくだ"}, {"太田", "おおた"}, {"西村", "にしむら"}, {"金子", "かねこ"},
    {"岡本", "おかもと"}, {"藤原", "ふじわら"}, {"中野", "なかの"}, {"三浦", "みうら"}, {"中川", "なかがわ"},
    {"松田", "まつだ"}, {"竹内", "たけうち"}, {"小野", "おの"}, {"田村", "たむら"}, {"中山", "なかやま"},
    {"和田", "わだ"}, {"石田", "いしだ"}, {"森田", "もりた"}, {"上田", "うえだ", "かみた"}, {"原", "はら"},
    {"内田", "うちだ"}, {"柴田", "しばた"}, {"酒井", "さかい"}, {"宮崎", "みやざき", "みやさき", {"宮﨑"}},
    {"横山", "よこやま"}, {"高木", "たかぎ", "たかき", {"髙木"}}, {"安藤", "あんどう"}, {"宮本", "みやもと"},
    {"大野", "おおの"}, {"小島", "こじま", "おじま", {"小嶋"}}, {"谷口", "たにぐち"}, {"今井", "いまい"},
    {"末永", "すえなが"}, {"高田", "たかだ", "たかた", {"髙田"}}, {"増田", "ますだ"}, {"丸山", "まるやま"},
    {"杉山", "すぎやま"}, {"村田", "むらた"}, {"山根", "やまね"}, {"新井", "あらい"}, {"小山", "こやま", "おやま"},
    {"平野", "ひらの"}, {"藤本", "ふじもと"}, {"河野", "こうの", "かわの"}, {"上野", "うえの"}, {"野口", "のぐち"},
    {"武田", "たけだ"}, {"松井", "まつい"}, {"岡村", "おかむら"}, {"岩崎", "いわさき", nullptr, {"岩﨑"}},
    {"菅原", "すがわら"}, {"木下", "きのした"}, {"久保", "くぼ"}, {"佐野", "さの"}, {"野村", "のむら"},
    {"松尾", "まつお"}, {"市川", "いちかわ"}, {"国弘", "くにひろ", nullptr, {"國弘"}}, {"杉本", "すぎもと"},
    {"古川", "ふるかわ"}, {"大西", "おおにし"}, {"島田", "しまだ", nullptr, {"嶋田"}}, {"水野", "みずの"},
    {"桜井", "さくらい", nullptr, {"櫻井"}}, {"高野", "たかの", nullptr, {"髙野"}}, {"渡部", "わたなべ", "わたべ"},
    {"吉川", "よしかわ", "きっかわ"}, {"山内", "やまうち"}, {"西田", "にしだ"}, {"飯田", "いいだ"},
    {"菊池", "きくち"}, {"西川", "にしかわ"}, {"重村", "しげむら"}, {"北村", "きたむら"}, {"安田", "やすだ"},
    {"五十嵐", "いがらし"}, {"川口", "かわぐち"}, {"平田", "ひらた"}, {"関", "せき"}, {"中田", "なかた", "なかだ"},
    {"久保田", "くぼた"}, {"服部", "はっとり"}, {"東", "ひがし", "あずま"}, {"岩田", "いわた"}, {"土屋", "つちや"},
    {"川崎", "かわさき", nullptr, {"川﨑"}}, {"福島", "ふくしま", nullptr, {"福嶋"}}, {"本田", "ほんだ"},
    {"辻", "つじ"}, {"樋口", "ひぐち"}, {"秋山", "あきやま"}, {"田口", "たぐち"}, {"永井", "ながい"},
    {"山中", "やまなか"}, {"中西", "なかにし"}, {"吉村", "よしむら", nullptr, {"𠮷村"}}, {"川上", "かわかみ"},
    {"大橋", "おおはし"}, {"石原", "いしはら"}, {"松岡", "まつおか"}, {"浅野", "あさの"}, {"荒木", "あらき"},
    {"大久保", "おおくぼ"}, {"熊谷", "くまがい", "くまがや"}, {"野田", "のだ"}, {"大石", "おおいし"},
    {"小池", "こいけ"}, {"須藤", "すどう"}, {"松下", "まつした"}, {"田辺", "たなべ", nullptr, {"田邊", "田邉"}},
    {"杉浦", "すぎうら"}, {"内藤", "ないとう"}, {"横田", "よこた"}, {"片山", "かたやま"},
    {"桑原", "くわばら", nullptr, {"桒原"}}, {"富田", "とみた", nullptr, {"冨田"}}, {"広瀬", "ひろせ", nullptr, {"廣瀬"}},
    {"沢田", "さわだ", nullptr, {"澤田"}}, {"浜田", "はまだ", nullptr, {"濵田", "濱田"}}, {"黒田", "くろだ", nullptr, {"黑田"}},
    {"徳永", "とくなが", nullptr, {"德永"}}, {"広中", "ひろなか", nullptr, {"廣中"}}, {"守田", "もりた"},
    {"有田", "ありた"}, {"藤村", "ふじむら"}, {"三好", "みよし"}, {"岩本", "いわもと"}, {"河本", "かわもと", "こうもと"},
    {"西岡", "にしおか"}, {"秋本", "あきもと"}, {"田原", "たはら", "たばる"}, {"松村", "まつむら"},
    {"今村", "いまむら"}, {"吉岡", "よしおか"}, {"大谷", "おおたに"}, {"岡崎", "おかざき", nullptr, {"岡﨑"}},
    {"柳井", "やない"}, {"柳田", "やなぎだ", nullptr, {"栁田"}}, {"福永", "ふくなが"}, {"岩永", "いわなが"},
    {"吉永", "よしなが"}, {"安部", "あべ"}, {"山県", "やまがた", nullptr, {"山縣"}}, {"真鍋", "まなべ", nullptr, {"眞鍋"}},
    {"竜田", "たつた", nullptr, {"龍田"}}, {"瀬戸", "せと", nullptr, {"瀨戸"}}, {"大庭", "おおば"}, {"松永", "まつなが"},
    {"白井", "しらい"}, {"平川", "ひらかわ"}, {"宮田", "みやた"}, {"宮川", "みやがわ"}, {"高村", "たかむら", nullptr, {"髙村"}},
    {"角田", "かくた", "つのだ"}, {"新田", "にった", "しんでん"}, {"上村", "うえむら", "かみむら"},
    {"中谷", "なかたに", "なかや"}, {"今田", "いまだ"}, {"梅田", "うめだ"}, {"西山", "にしやま"}, {"小田", "おだ"},
    {"寺田", "てらだ"}, {"坂田", "さかた"}, {"坂井", "さかい"}, {"堀", "ほり"}, {"堀田", "ほった"}, {"奥田", "おくだ"},
    {"奥村", "おくむら"}, {"石丸", "いしまる"}, {"平井", "ひらい"}, {"長尾", "ながお"}, {"青山", "あおやま"},
    {"岡", "おか"}, {"末次", "すえつぐ"}, {"浜崎", "はまさき", "はまざき", {"濵崎", "濱崎"}}, {"大田", "おおた"},
    {"宮原", "みやはら"}, {"田上", "たがみ", "たのうえ"}, {"栗原", "くりはら"}, {"藤山", "ふじやま"},
    {"日高", "ひだか", nullptr, {"日髙"}}, {"安永", "やすなが"}, {"伊東", "いとう"}, {"三宅", "みやけ"},
    {"住田", "すみだ"}, {"森本", "もりもと"}, {"森山", "もりやま"}, {"中本", "なかもと"}, {"沖田", "おきた"},
    {"古谷", "ふるや"}, {"竹田", "たけだ"}, {"竹中", "たけなか"}, {"城戸", "きど"}, {"木戸", "きど"},
    {"江本", "えもと"}, {"江口", "えぐち"}, {"上山", "うえやま"}, {"中尾", "なかお"}, {"野中", "のなか"},
    {"小西", "こにし"}, {"大下", "おおした"}, {"兼重", "かねしげ"}, {"清原", "きよはら", nullptr, {"淸原"}},
    {"山形", "やまがた"}, {"沢村", "さわむら", nullptr, {"澤村"}}, {"金田", "かねだ", "かなだ"}, {"水田", "みずた"},
    {"河内", "かわうち", "こうち"}, {"桑田", "くわた"}, {"内山", "うちやま"}, {"吉本", "よしもと"},
    {"益田", "ますだ"}, {"玉井", "たまい"}, {"正木", "まさき"}, {"友田", "ともだ"}, {"福本", "ふくもと"},
    {"米田", "よねだ", "こめだ"}, {"矢野", "やの"}, {"神田", "かんだ"}, {"荒川", "あらかわ"}, {"吉原", "よしはら"},
    {"佐伯", "さえき"}, {"下村", "しもむら"}, {"三上", "みかみ"}, {"国広", "くにひろ", nullptr, {"國広"}},
    {"徳田", "とくだ", nullptr, {"德田"}}, {"大坪", "おおつぼ"}, {"古賀", "こが"}, {"岸本", "きしもと"},
    {"村岡", "むらおか"}, {"長田", "ながた", "おさだ"}, {"永田", "ながた"}, {"三原", "みはら"}, {"福井", "ふくい"},
    {"西本", "にしもと"}, {"桜田", "さくらだ", nullptr, {"櫻田"}}, {"広田", "ひろた", nullptr, {"廣田"}},
    {"富永", "とみなが", nullptr, {"冨永"}}, {"滝沢", "たきざわ", nullptr, {"滝澤"}}, {"大島", "おおしま", nullptr, {"大嶋"}},
    {"長浜", "ながはま", nullptr, {"長濵", "長濱"}}, {"田島", "たじま", "たしま", {"田嶋"}}, {"国分", "こくぶ", nullptr, {"國分"}},
    {"藤川", "ふじかわ"}, {"大塚", "おおつか"}, {"平山", "ひらやま"}, {"小松", "こまつ"}, {"千葉", "ちば"},
    {"菊地", "きくち"}, {"野崎", "のざき", nullptr, {"野﨑"}}, {"尾崎", "おざき", nullptr, {"尾﨑"}},
    {"龍野", "たつの", nullptr, {"竜野"}}, {"徳山", "とくやま", nullptr, {"德山"}}, {"石本", "いしもと"},
    {"宇野", "うの"}, {"村中", "むらなか"}, {"棟近", "むねちか"}, {"貞永", "さだなが"}, {"三戸", "みと"},
};

// Given names: kanji, readings ('|'), fashion (0 timeless, 1 older children's, 2 younger children's).
struct GivenName {
  const char* kanji;
  const char* kana;
  int era;
};

const GivenName kBoys[] = {
    {"蓮", "れん", 2}, {"陽翔", "はると|ひなと|はるひ", 2}, {"湊", "みなと|そう", 2}, {"蒼", "あお|そう|あおい", 2},
    {"樹", "いつき|たつき", 0}, {"大翔", "ひろと|はると|やまと", 0}, {"悠真", "ゆうま|はるま", 0}, {"颯太", "そうた", 0},
    {"陽向", "ひなた|ひゅうが", 2}, {"律", "りつ", 2}, {"朝陽", "あさひ", 2}, {"碧", "あお", 2},
    {"悠人", "ゆうと|はると", 0}, {"翔太", "しょうた", 1}, {"大和", "やまと", 0}, {"陸", "りく", 0},
    {"拓海", "たくみ", 1}, {"健太", "けんた", 1}, {"颯", "はやて|そう", 2}, {"結翔", "ゆいと|ゆうと", 2},
    {"翔", "しょう|かける", 1}, {"蒼空", "そら", 2}, {"奏太", "そうた|かなた", 2}, {"湊斗", "みなと", 2},
    {"陽太", "ようた|ひなた|はるた", 0}, {"陽斗", "はると", 2}, {"悠斗", "ゆうと|はると", 0}, {"優斗", "ゆうと", 0},
    {"優太", "ゆうた", 1}, {"裕太", "ゆうた", 1}, {"海斗", "かいと", 0}, {"蒼真", "そうま", 2},
    {"颯真", "そうま|ふうま", 2}, {"琉生", "るい|りゅうせい", 2}, {"瑛太", "えいた", 1}, {"湊人", "みなと", 2},
    {"晴", "はる", 2}, {"蒼大", "そうた|そうだい", 2}, {"慶", "けい", 0}, {"伊織", "いおり", 2},
    {"奏", "そう|かなで", 2}, {"隼", "しゅん|はやと", 0}, {"隼人", "はやと", 1}, {"大輝", "だいき|たいき", 1},
    {"大雅", "たいが", 1}, {"瑛斗", "えいと", 2}, {"匠", "たくみ", 0}, {"結人", "ゆいと", 2},
    {"暖", "だん|はる", 2}, {"冬真", "とうま", 2}, {"楓", "ふう|かえで", 2}, {"湊介", "そうすけ", 2},
    {"駿", "しゅん", 0}, {"翔平", "しょうへい", 1}, {"壮真", "そうま", 2}, {"悠", "ゆう|はるか|はる", 0},
    {"遼", "りょう", 0}, {"創", "そう|はじめ", 2}, {"朔", "さく", 2}, {"航", "わたる|こう", 0},
    {"航大", "こうだい", 1}, {"快", "かい", 0}, {"一翔", "かずと|いっと", 2}, {"理人", "りひと|りと", 2},
    {"結弦", "ゆづる", 2}, {"龍之介", "りゅうのすけ", 0}, {"拓真", "たくま", 0}, {"和真", "かずま", 1},
    {"一真", "かずま", 2}, {"和樹", "かずき", 1}, {"光", "ひかる", 0}, {"誠", "まこと", 1},
    {"亮", "りょう", 1}, {"涼太", "りょうた", 1}, {"涼介", "りょうすけ", 1}, {"康太", "こうた", 1},
    {"航平", "こうへい", 1}, {"優希", "ゆうき", 1}, {"勇気", "ゆうき", 1}, {"雄大", "ゆうだい", 1},
    {"侑", "ゆう", 2}, {"侑真", "ゆうま", 2}, {"叶翔", "かなと", 2}, {"奏多", "かなた", 2},
    {"新", "あらた|しん", 2}, {"岳", "がく", 2}, {"陽", "はる|よう|ひなた", 2}, {"晴翔", "はると", 2},
    {"悠翔", "ゆうと|はると", 2}, {"大晴", "たいせい", 2}, {"颯人", "はやと", 2}, {"陽大", "ひなた|はると|ようだい", 2},
    {"蒼介", "そうすけ", 2}, {"蒼太", "そうた", 0}, {"颯介", "そうすけ", 2}, {"怜", "れい", 2},
    {"玲央", "れお", 2}, {"礼央", "れお", 2}, {"煌", "こう", 2}, {"凪", "なぎ", 2},
    {"凌", "りょう", 0}, {"直樹", "なおき", 1}, {"翼", "つばさ", 0}, {"大地", "だいち", 0},
    {"拓斗", "たくと", 1}, {"海翔", "かいと", 2}, {"陸斗", "りくと", 2}, {"悠希", "ゆうき", 1},
    {"大樹", "だいき|たいき|ひろき", 1}, {"歩", "あゆむ", 1}, {"智也", "ともや", 1}, {"智哉", "ともや", 1},
    {"拓也", "たくや", 1}, {"達也", "たつや", 1}, {"和也", "かずや", 1}, {"直人", "なおと", 1},
    {"圭", "けい", 1}, {"啓太", "けいた", 1}, {"裕斗", "ゆうと", 1}, {"健人", "けんと", 1},
    {"海", "かい|うみ", 2}, {"空", "そら", 2}, {"蒼生", "あおい|そうせい", 2}, {"碧斗", "あおと", 2},
    {"湊太", "そうた", 2}, {"陽介", "ようすけ", 1}, {"翔真", "しょうま", 1}, {"翔大", "しょうた|しょうだい", 1},
    {"恭平", "きょうへい", 1}, {"俊介", "しゅんすけ", 1}, {"駿介", "しゅんすけ", 1}, {"健", "けん|たける", 1},
    {"蓮斗", "れんと", 2}, {"颯汰", "そうた", 2}, {"柊", "しゅう", 2}, {"柊斗", "しゅうと", 2},
    {"晃", "あきら|こう", 1}, {"輝", "ひかる|てる", 1}, {"一輝", "かずき|いっき", 1}, {"勇人", "はやと|ゆうと", 1},
    {"陽輝", "はるき", 2}, {"春輝", "はるき", 2}, {"晴斗", "はると", 2}, {"遥斗", "はると", 2},
    {"奏汰", "かなた|そうた", 2}, {"湊翔", "みなと", 2}, {"結大", "ゆうだい|ゆいと", 2}, {"悠生", "ゆうせい|はるき", 2},
    {"優真", "ゆうま", 2}, {"琉", "りゅう", 2}, {"琉斗", "りゅうと", 2}, {"瑛介", "えいすけ", 1},
    {"元気", "げんき", 1}, {"翔吾", "しょうご", 1}, {"蒼汰", "そうた", 2}, {"朝日", "あさひ", 2},
    {"旭", "あさひ", 2}, {"壮太", "そうた", 1}, {"翔也", "しょうや", 1}, {"拓実", "たくみ", 1},
    {"匠海", "たくみ", 2}, {"篤", "あつし", 1}, {"隆之介", "りゅうのすけ", 1}, {"虎太郎", "こたろう", 2},
    {"凛太郎", "りんたろう", 2}, {"幸太郎", "こうたろう", 1}, {"健太郎", "けんたろう", 1}, {"悠太郎", "ゆうたろう", 2},
    {"一颯", "いぶき|かずさ", 2}, {"伊吹", "いぶき", 2}, {"颯斗", "はやと", 2}, {"侑生", "ゆうせい|ゆうき", 2},
    {"大空", "そら|おおぞら", 2}, {"空翔", "そらと", 2}, {"蒼翔", "あおと", 2}, {"樹生", "いつき|たつき", 2},
    {"理央", "りお", 2}, {"蒼依", "あおい", 2}, {"陽生", "はるき", 2}, {"永遠", "とわ", 2},
    {"仁", "じん|ひとし", 0}, {"迅", "じん", 2}, {"誠也", "せいや", 1}, {"聖", "せい|ひじり", 0},
    {"太陽", "たいよう", 0}, {"大智", "だいち", 1}, {"優", "ゆう|すぐる|まさる", 0}, {"真", "しん|まこと", 0},
    {"龍", "りゅう", 0}, {"竜也", "たつや", 1}, {"葵", "あおい", 2}, {"薫", "かおる", 1},
    {"渚", "なぎさ", 1}, {"瑞希", "みずき", 1}, {"千尋", "ちひろ", 1}, {"真尋", "まひろ", 2},
    {"遥", "はるか", 1}, {"和", "かず|なごみ", 2}, {"心", "しん", 2}, {"涼", "りょう", 1},
};

const GivenName kGirls[] = {
    {"陽葵", "ひまり|ひなた|ひより", 2}, {"凛", "りん", 0}, {"芽依", "めい", 2}, {"葵", "あおい", 0},
    {"結菜", "ゆいな|ゆな", 2}, {"紬", "つむぎ", 2}, {"澪", "みお", 2}, {"結愛", "ゆあ|ゆい|ゆめ", 2},
    {"咲良", "さくら|さら", 0}, {"美咲", "みさき", 1}, {"さくら", "さくら", 1}, {"陽菜", "ひな|はるな|ひなた", 0},
    {"莉子", "りこ", 0}, {"花", "はな", 2}, {"心春", "こはる", 2}, {"杏", "あん|あんず", 2},
    {"美桜", "みお", 2}, {"彩花", "あやか", 1}, {"琴音", "ことね", 1}, {"優奈", "ゆうな", 1},
    {"芽衣", "めい", 1}, {"結月", "ゆづき", 2}, {"杏奈", "あんな", 1}, {"莉央", "りお", 2},
    {"心結", "みゆ|こゆ", 2}, {"美結", "みゆ", 2}, {"美羽", "みう", 1}, {"彩葉", "いろは", 2},
    {"詩", "うた", 2}, {"楓", "かえで", 0}, {"栞", "しおり", 1}, {"翠", "すい|みどり", 2},
    {"凪", "なぎ", 2}, {"瑠奈", "るな", 1}, {"愛莉", "あいり", 1}, {"愛菜", "まな|あいな", 1},
    {"真央", "まお", 1}, {"七海", "ななみ", 1}, {"菜々", "なな", 1}, {"美月", "みづき|みつき", 0},
    {"彩", "あや", 1}, {"茉央", "まお", 2}, {"柚希", "ゆずき|ゆき", 2}, {"柚葉", "ゆずは", 2},
    {"一花", "いちか", 2}, {"乃愛", "のあ", 2}, {"心愛", "ここあ|ここな", 1}, {"心", "こころ", 0},
    {"琴葉", "ことは", 2}, {"花音", "かのん", 1}, {"奏", "かなで", 2}, {"和奏", "わかな", 1},
    {"遥", "はるか", 0}, {"遥香", "はるか", 1}, {"千尋", "ちひろ", 0}, {"瑞希", "みずき", 0},
    {"菜月", "なつき", 1}, {"夏美", "なつみ", 1}, {"七瀬", "ななせ", 1}, {"沙羅", "さら", 1},
    {"紗希", "さき", 1}, {"舞", "まい", 1}, {"麻衣", "まい", 1}, {"美優", "みゆ|みゆう", 1},
    {"優花", "ゆうか", 1}, {"優衣", "ゆい", 1}, {"結衣", "ゆい", 0}, {"日菜", "ひな", 2},
    {"陽向", "ひなた", 2}, {"華", "はな", 1}, {"彩乃", "あやの", 1}, {"綾乃", "あやの", 1},
    {"美緒", "みお", 1}, {"莉緒", "りお", 1}, {"葵衣", "あおい", 2}, {"結", "ゆい", 2},
    {"唯", "ゆい", 1}, {"陽毬", "ひまり", 2}, {"ひまり", "ひまり", 2}, {"芽生", "めい", 2},
    {"咲", "さき|えみ", 0}, {"咲希", "さき", 1}, {"早希", "さき", 1}, {"明莉", "あかり", 1},
    {"灯", "あかり", 2}, {"あかり", "あかり", 1}, {"朱莉", "あかり", 1}, {"杏莉", "あんり", 2},
    {"花凛", "かりん", 1}, {"花梨", "かりん", 1}, {"優月", "ゆづき", 2}, {"未来", "みらい|みく", 1},
    {"美空", "みく|みそら", 1}, {"紗良", "さら", 2}, {"咲来", "さくら", 2}, {"桜", "さくら", 0},
    {"桜子", "さくらこ", 1}, {"瑠璃", "るり", 2}, {"璃子", "りこ", 2}, {"梨子", "りこ", 1},
    {"理子", "りこ", 1}, {"美玲", "みれい", 2}, {"玲奈", "れな", 1}, {"怜奈", "れな", 1},
    {"姫奈", "ひな", 2}, {"雛", "ひな", 2}, {"萌", "もえ", 1}, {"萌々", "もも", 2},
    {"桃", "もも", 2}, {"百花", "ももか", 2}, {"桃花", "ももか", 1}, {"穂乃花", "ほのか", 1},
    {"ほのか", "ほのか", 1}, {"帆花", "ほのか", 2}, {"彩音", "あやね", 1}, {"綾音", "あやね", 1},
    {"陽和", "ひより", 2}, {"日和", "ひより", 2}, {"杏珠", "あんじゅ", 2}, {"愛", "あい|まな", 0},
    {"愛美", "まなみ|あいみ", 1}, {"恵", "めぐみ", 1}, {"茜", "あかね", 1}, {"光", "ひかり", 0},
    {"ひかり", "ひかり", 1}, {"遥菜", "はるな", 1}, {"春菜", "はるな", 1}, {"紗菜", "さな", 2},
    {"沙奈", "さな", 2}, {"奈々", "なな", 1}, {"美奈", "みな", 1}, {"真由", "まゆ", 1},
    {"智美", "ともみ", 1}, {"知佳", "ちか", 1}, {"千夏", "ちなつ", 1}, {"千晴", "ちはる", 1},
    {"由奈", "ゆな", 2}, {"由衣", "ゆい", 1}, {"友梨", "ゆり", 1}, {"百合", "ゆり", 1},
    {"小春", "こはる", 1}, {"葉月", "はづき", 1}, {"羽菜", "はな", 2}, {"希", "のぞみ", 1},
    {"実花", "みか", 1}, {"亜美", "あみ", 1}, {"朋花", "ともか", 1}, {"歩", "あゆみ", 0},
    {"優", "ゆう", 0}, {"翼", "つばさ", 0}, {"薫", "かおる", 0}, {"渚", "なぎさ", 0},
    {"瑞稀", "みずき", 1}, {"美音", "みお|みおん", 2}, {"詩織", "しおり", 1}, {"環", "たまき", 2},
    {"叶", "かなえ", 2}, {"和花", "のどか|わか", 2}, {"和", "のどか|なごみ", 2}, {"絢", "あや", 2},
    {"真尋", "まひろ", 2}, {"椿", "つばき", 2}, {"蘭", "らん", 2}, {"音羽", "おとは", 2},
    {"陽花", "はるか", 2}, {"果穂", "かほ", 1}, {"夏帆", "かほ", 1}, {"佳穂", "かほ", 1},
    {"瑞葵", "みずき", 2}, {"奈緒", "なお", 1}, {"菜緒", "なお", 1}, {"樹", "いつき", 2},
    {"律", "りつ", 2}, {"晴", "はる", 2}, {"碧", "あおい|みどり", 2}, {"陽", "ひなた|はる", 2},
    {"一華", "いちか", 2}, {"結奈", "ゆいな|ゆな", 2}, {"結花", "ゆいか|ゆか", 2}, {"美咲希", "みさき", 2},
    {"愛梨", "あいり", 1}, {"彩菜", "あやな", 1}, {"佳奈", "かな", 1}, {"香菜", "かな", 1},
    {"花奈", "はな|かな", 2}, {"美希", "みき", 1}, {"真理子", "まりこ", 1}, {"愛子", "あいこ", 1},
    {"真子", "まこ", 1},
};

// Same-reading kanji that staff mix up in given names (裕太/祐太 are both ゆうた): used for typos only.
constexpr std::pair<const char*, const char*> kSameReading[] = {
    {"裕", "祐"}, {"悠", "優"}, {"奈", "菜"}, {"佳", "香"}, {"華", "花"}, {"希", "紀"}, {"智", "知"},
    {"綾", "彩"}, {"莉", "梨"}, {"那", "奈"}, {"衣", "依"}, {"緒", "央"}, {"斗", "人"}, {"太", "汰"},
    {"介", "輔"}, {"美", "実"}, {"乃", "之"}, {"也", "哉"}, {"羽", "葉"}, {"結", "唯"},
};

// 異体字 in given names: the form a 戸籍 may hold and the everyday one.
constexpr std::pair<const char*, const char*> kGivenVariants[] = {
    {"龍", "竜"}, {"眞", "真"}, {"惠", "恵"}, {"櫻", "桜"}, {"廣", "広"}, {"髙", "高"},
};

// ---- Places.

const char* const kTowns[] = {
    "本町",   "中央町", "栄町",   "旭町",   "緑町",   "幸町",   "東町",   "西町",   "南町",     "北町",
    "昭和町", "大手町", "新町",   "錦町",   "桜町",   "若葉町", "松原町", "清水町", "宮町",     "元町",
    "港町",   "浜町",   "泉町",   "山手町", "春日町", "城南町", "高砂町", "朝日町", "住吉町",   "日の出町",
    "八幡町", "天神町", "駅前",   "東山",   "西山",   "平和町", "緑が丘", "桜ケ丘", "希望が丘", "青葉台",
    "富士見町", "千代田町", "寿町", "常盤町", "中町",  "上町",   "田町",   "末広町", "川原町",   "東本町",
    "西本町", "花園町", "美園町", "弥生町", "光町",   "入船町", "梅ケ丘", "藤ケ丘", "大和町",   "白石",
};
const char* const kVillages[] = {"上田", "下田", "中山", "大原", "小原", "宮野", "平野", "岩見", "松崎", "竹原",
                                 "梅田", "柳原", "石原", "水口", "川西", "東原", "西原", "本郷", "新庄", "高畑",
                                 "久保", "野田", "長野", "小野", "深川", "吉原", "大谷", "矢田", "森広", "神田"};
const char* const kBuildings[] = {"コーポさくら", "ハイツ若葉", "メゾンひだまり", "レジデンス中央", "サンハイツ",
                                  "グリーンハイツ", "パークサイド東", "コーポあおば", "ハイツ旭", "メゾン緑"};

// Approximate 2020 census populations (thousands) of 山口県's municipalities, the weights for where a child
// lives. Other prefectures weigh municipalities by level.
const std::pair<const char*, int> kYamaguchiPopulation[] = {
    {"352012", 255}, {"352021", 163}, {"352039", 194}, {"352047", 45}, {"352063", 114}, {"352071", 57},
    {"352080", 129}, {"352101", 50},  {"352110", 33},  {"352128", 31}, {"352136", 23},  {"352152", 138},
    {"352161", 60},  {"353051", 15},  {"353213", 6},   {"353418", 2},  {"353434", 15},  {"353442", 12},
    {"355020", 3},
};

int level_weight(const master::Municipality& m) {
  if (m.level == "special_ward") return 80;
  if (m.level == "ward") return 32;
  if (m.level == "city") return 16;
  if (m.level == "town") return 3;
  if (m.level == "village") return 1;
  return 0;  // prefecture rows and designated cities (their wards are used)
}

// ---- Care: combinations that occur together, with diagnoses to match.

struct Plan {
  std::vector<std::string> items;
  std::vector<std::string> diagnoses;
  bool severe = false;  // ventilator or tracheostomy
};

void add_item(Plan& p, const char* code) {
  if (std::find(p.items.begin(), p.items.end(), code) == p.items.end()) p.items.emplace_back(code);
}

Plan care_plan(Rng& r, int kind) {
  Plan p;
  auto dx = [&](std::initializer_list<const char*> names) {
    std::vector<const char*> v(names);
    p.diagnoses.emplace_back(v[r.below(v.size())]);
  };
  auto maybe = [&](double chance, const char* code) {
    if (r.chance(chance)) add_item(p, code);
  };
  switch (kind) {
    case 0:  // invasive ventilation
      dx({"低酸素性虚血性脳症", "脊髄性筋萎縮症（SMA）I型", "18トリソミー", "先天性ミオパチー", "脳性麻痺",
          "重症新生児仮死後遺症"});
      for (const char* c : {"ventilator", "tracheostomy", "suction"}) add_item(p, c);
      maybe(0.8, "tube_feeding");
      maybe(0.4, "oxygen_therapy");
      maybe(0.3, "nebulizer");
      maybe(0.3, "seizure_management");
      break;
    case 1:  // NPPV
      dx({"脊髄性筋萎縮症（SMA）II型", "デュシェンヌ型筋ジストロフィー", "先天性中枢性低換気症候群"});
      for (const char* c : {"ventilator", "suction"}) add_item(p, c);
      maybe(0.5, "tube_feeding");
      break;
    case 2:  // tracheostomy without a ventilator
      dx({"声門下狭窄症", "気管軟化症", "脳性麻痺", "21トリソミー", "ピエール・ロバン症候群"});
      for (const char* c : {"tracheostomy", "suction"}) add_item(p, c);
      maybe(0.4, "nebulizer");
      maybe(0.5, "tube_feeding");
      maybe(0.3, "oxygen_therapy");
      break;
    case 3:  // oxygen: prematurity, heart
      dx({"慢性肺疾患", "超低出生体重児", "先天性心疾患（単心室）", "肺高血圧症", "気管支肺異形成"});
      add_item(p, "oxygen_therapy");
      maybe(0.3, "tube_feeding");
      maybe(0.2, "suction");
      break;
    case 4:  // tube feeding, neurological
      dx({"脳性麻痺", "滑脳症", "ウエスト症候群", "先天性サイトメガロウイルス感染症", "13トリソミー", "摂食嚥下障害"});
      add_item(p, "tube_feeding");
      maybe(0.6, "suction");
      maybe(0.4, "seizure_management");
      maybe(0.15, "tube_feeding_pump");
      break;
    case 5:  // injections
      dx({"1型糖尿病", "下垂体機能低下症"});
      add_item(p, "subcutaneous_injection");
      maybe(0.8, "blood_glucose");
      maybe(0.3, "subcutaneous_pump");
      break;
    case 6:  // urinary and bowel care
      dx({"二分脊椎（脊髄髄膜瘤）", "神経因性膀胱", "鎖肛"});
      add_item(p, "intermittent_catheterization");
      maybe(0.4, "bowel_management");
      maybe(0.25, "enema");
      break;
    case 7:  // central venous catheter
      dx({"短腸症候群", "ヒルシュスプルング病類縁疾患", "肺動脈性肺高血圧症"});
      add_item(p, "central_venous_catheter");
      maybe(0.4, "tube_feeding");
      maybe(0.4, "gi_stoma");
      break;
    case 8:  // dialysis
      dx({"先天性腎低形成", "慢性腎臓病", "ネフロン癆"});
      add_item(p, "dialysis");
      maybe(0.4, "tube_feeding");
      break;
    case 9:  // nasopharyngeal airway
      dx({"ピエール・ロバン症候群", "上気道閉塞"});
      for (const char* c : {"nasopharyngeal_airway", "suction"}) add_item(p, c);
      maybe(0.4, "tube_feeding");
      break;
    default:  // seizures
      dx({"難治性てんかん", "ドラベ症候群", "結節性硬化症"});
      add_item(p, "seizure_management");
      maybe(0.3, "suction");
      break;
  }
  if (r.chance(0.25)) {  // a second diagnosis
    static constexpr const char* kMore[] = {"てんかん", "胃食道逆流症", "精神運動発達遅滞", "側弯症", "難聴"};
    std::string more = r.pick(kMore);
    if (std::find(p.diagnoses.begin(), p.diagnoses.end(), more) == p.diagnoses.end()) p.diagnoses.push_back(more);
  }
  p.severe = std::find(p.items.begin(), p.items.end(), "tracheostomy") != p.items.end() ||
             std::find(p.items.begin(), p.items.end(), "ventilator") != p.items.end();
  return p;
}

int plan_kind(Rng& r) { return r.weighted({18, 6, 14, 16, 22, 7, 7, 4, 2, 3, 4}); }

// Affiliations of the common sheet.
constexpr const char* kHome = "在宅";
constexpr const char* kNursery = "保育所";
constexpr const char* kKindergarten = "幼稚園";
constexpr const char* kCertified = "認定こども園";
constexpr const char* kDevelopment = "児童発達支援";
constexpr const char* kElementary = "小学校";
constexpr const char* kJuniorHigh = "中学校";
constexpr const char* kHighSchool = "高等学校";
constexpr const char* kSpecialSchool = "特別支援学校";
constexpr const char* kHomeVisit = "訪問教育";
constexpr const char* kOther = "その他";

bool is_school(std::string_view a) {
  return a == kElementary || a == kJuniorHigh || a == kHighSchool || a == kSpecialSchool || a == kHomeVisit;
}

const char* affiliation_for(Rng& r, int age, bool severe) {
  int visit = severe ? 35 : 12;
  if (age <= 2) {
    static constexpr const char* k[] = {kHome, kDevelopment, kNursery};
    return k[r.weighted({60, 25, 15})];
  }
  if (age <= 5) {
    static constexpr const char* k[] = {kHome, kNursery, kKindergarten, kCertified, kDevelopment, kOther};
    return k[r.weighted({15, 25, 10, 15, 30, 5})];
  }
  if (age <= 11) {
    static constexpr const char* k[] = {kElementary, kSpecialSchool, kHomeVisit};
    return k[r.weighted({35, 45, visit})];
  }
  if (age <= 14) {
    static constexpr const char* k[] = {kJuniorHigh, kSpecialSchool, kHomeVisit};
    return k[r.weighted({25, 55, visit})];
  }
  if (age <= 17) {
    static constexpr const char* k[] = {kHighSchool, kSpecialSchool, kHomeVisit, kHome};
    return k[r.weighted({12, 65, visit, 8 * (77 + visit) / 92})];
  }
  static constexpr const char* k[] = {kOther, kHome};
  return k[r.weighted({70, 30})];
}

// A category a sheet may give instead (the child changed, or staff classed it differently).
const char* neighbour_affiliation(Rng& r, std::string_view a, int age, bool education) {
  if (a == kSpecialSchool) return kHomeVisit;
  if (a == kHomeVisit) return education || r.chance(0.5) ? kSpecialSchool : kHome;
  if (a == kElementary || a == kJuniorHigh || a == kHighSchool) return kSpecialSchool;
  if (a == kNursery) return r.chance(0.6) ? kCertified : kDevelopment;
  if (a == kKindergarten) return kCertified;
  if (a == kCertified) return r.chance(0.5) ? kNursery : kKindergarten;
  if (a == kDevelopment) return r.chance(0.6) ? kHome : kNursery;
  if (a == kHome) return age >= 18 ? kOther : kDevelopment;
  return kHome;
}

// ---- The children.

struct Address {
  std::string town;
  bool oaza = false;    // 大字 + 番地 (towns and villages)
  int chome = 0;        // 0: none
  int ban = 0, go = 0;  // 大字: 番地 and 枝番 (0: none)
  std::string building;
  int room = 0;
};

struct FamilyForm {
  const FamilyName* entry = nullptr;
  std::string official, everyday, kana, alt_kana;
};

struct Kid {
  CensusChild pub;
  FamilyForm family, former;  // former: before a change during the year (entry null if none)
  std::string given_everyday;
  std::vector<std::string> diagnoses;
  const master::Municipality* place = nullptr;
  const master::Municipality* old_place = nullptr;
  Address address, old_address;
  long long birth = 0, moved_on = 0;
  int multiple_order = 0;  // 1, 2, 3 within twins or triplets
  int multiple_size = 0;
};

struct Household {
  std::vector<Kid> kids;
};

std::string everyday_given(std::string s) {
  for (const auto& [variant, common] : kGivenVariants) s = replace_all(std::move(s), variant, common);
  return s;
}

struct NameTable {
  struct Entry {
    std::string kanji;
    std::vector<std::string> readings;
    int era;
  };
  std::vector<Entry> names;
  std::vector<double> older, younger;  // cumulative weights by birth cohort
  std::unordered_map<std::string, std::size_t> index;  // by the everyday form

  template <std::size_t N>
  explicit NameTable(const GivenName (&src)[N]) {
    double o = 0, y = 0;
    for (std::size_t i = 0; i < N; ++i) {
      Entry e{src[i].kanji, {}, src[i].era};
      std::string_view k = src[i].kana;
      for (std::size_t at = 0;;) {
        std::size_t bar = k.find('|', at);
        e.readings.emplace_back(k.substr(at, bar == std::string_view::npos ? k.size() - at : bar - at));
        if (bar == std::string_view::npos) break;
        at = bar + 1;
      }
      double base = 1000.0 / (static_cast<double>(i) + 25);
      o += base * (e.era == 1 ? 3.0 : e.era == 2 ? 0.35 : 1.0);
      y += base * (e.era == 2 ? 3.0 : e.era == 1 ? 0.35 : 1.0);
      older.push_back(o);
      younger.push_back(y);
      index.emplace(everyday_given(e.kanji), names.size());
      names.push_back(std::move(e));
    }
  }
  const Entry& pick(Rng& r, int birth_year) const {
    return names[draw(r, birth_year <= 2012 ? older : younger)];
  }
  static std::string reading(Rng& r, const Entry& e) {
    if (e.readings.size() == 1 || r.chance(0.7)) return e.readings[0];
    return e.readings[1 + r.below(e.readings.size() - 1)];
  }
};

std::string first_char(const std::string& s) {
  std::string out;
  if (s.empty()) return out;
  append_utf8(out, text::to_utf32(s).front());
  return out;
}

// ---- Sheets: each source's habits, and the noise of each row.

enum class Kind { municipality, education, registry };

struct Rates {
  double official_family, variant_slip, given_typo, kana_blank, birth_blank, full_width_date, sex_blank,
      address_blank, care_blank, affiliation_change, affiliation_blank, diagnosis_blank, duplicate, deviate;
};

constexpr Rates kMunicipalRates{0.60, 0.01, 0.010, 0.08, 0.020, 0.03, 0.03, 0.03, 0.02, 0.04, 0.02, 0.20, 0.012, 0.12};
constexpr Rates kEducationRates{0.50, 0.01, 0.010, 0.03, 0.005, 0.03, 0.01, 0.45, 0.01, 0.02, 0.02, 0.20, 0.006, 0.12};
constexpr Rates kRegistryRates{0.85, 0.01, 0.002, 0.01, 0.002, 0.0, 0.0, 0.02, 0.0, 0.08, 0.0, 0.10, 0.003, 0.0};

const Rates& rates_of(Kind k) {
  return k == Kind::municipality ? kMunicipalRates : k == Kind::education ? kEducationRates : kRegistryRates;
}

// How a source writes things; each row keeps the source's habit except for `deviate` of its fields.
struct Style {
  int script = 0;      // Script
  int name_sep = 0;    // 0 half-width space, 1 full-width, 2 none
  int kana_sep = 0;
  int date = 0;        // 0 2019-04-01, 1 2019/4/1, 2 2019年4月1日, 3 R1.5.1, 4 R01.05.01, 5 令和元年5月1日
  int sex = 0;         // 0 男/女, 1 男性/女性, 2 M/F, 3 1/2
  int place = 0;       // municipality columns, see municipality_cells
  int address = 0;     // see address_text
  int care_form = 0;   // 0 short, 1 official, 2 code, 3 mixed
  int care_sep = 0;    // 、 , ; ／ /
  int order = 0;       // 0 entry order, 1 kana, 2 birth date
  int ids = 0;         // record_id form
};

Style draw_style(Rng& r, Kind k) {
  Style s;
  if (k == Kind::registry) {
    s.script = kKatakana;
    s.name_sep = s.kana_sep = 1;
    s.ids = 6;
    s.order = 0;
    s.care_sep = 0;
    return s;
  }
  bool mun = k == Kind::municipality;
  s.script = mun ? r.weighted({45, 45, 10}) : r.weighted({35, 60, 5});
  s.name_sep = r.weighted({30, 50, 20});
  s.kana_sep = r.weighted({30, 50, 20});
  s.date = mun ? r.weighted({20, 20, 10, 25, 5, 20}) : r.weighted({0, 30, 0, 30, 0, 40});
  s.sex = r.weighted({50, 20, 10, 20});
  s.place = mun ? r.weighted({45, 10, 15, 5, 15, 5, 5}) : r.weighted({60, 0, 15, 0, 25, 0, 0});
  s.address = r.weighted({30, 35, 15, 20});
  s.care_form = r.weighted({60, 15, 10, 15});
  s.care_sep = r.weighted({45, 15, 5, 15, 20});
  s.order = r.weighted({50, 25, 25});
  s.ids = mun ? static_cast<int>(r.below(5)) : 5;
  return s;
}

// A row typed by someone else (`deviate` of them) takes about half its fields' forms from another style.
Style row_style(Rng& r, const Style& base, Kind k, double deviate) {
  if (deviate <= 0 || !r.chance(deviate)) return base;
  Style fresh = draw_style(r, k), s = base;
  auto take = [&](int& field, int other) {
    if (r.chance(0.5)) field = other;
  };
  take(s.script, fresh.script);
  take(s.name_sep, fresh.name_sep);
  take(s.kana_sep, fresh.kana_sep);
  take(s.date, fresh.date);
  take(s.sex, fresh.sex);
  take(s.place, fresh.place);
  take(s.address, fresh.address);
  take(s.care_form, fresh.care_form);
  take(s.care_sep, fresh.care_sep);
  return s;
}

const char* separator(int sep) { return sep == 0 ? " " : sep == 1 ? "\u3000" : ""; }

std::string date_text(long long days, int form, Rng& r) {
  text::Ymd d = civil_from_days(days);
  char buf[64];
  switch (form) {
    case 0:
      return text::format_iso(d);
    case 1:
      std::snprintf(buf, sizeof buf, r.chance(0.3) ? "%04d/%02d/%02d" : "%d/%d/%d", d.y, d.m, d.d);
      return buf;
    case 2:
      std::snprintf(buf, sizeof buf, "%d年%d月%d日", d.y, d.m, d.d);
      return buf;
    default:
      break;
  }
  // 和暦: 令和 from 2019-05-01, 平成 from 1989-01-08, else 昭和.
  const char* initial = "S";
  const char* era = "昭和";
  int year = d.y - 1925;
  if (d >= text::Ymd{2019, 5, 1}) initial = "R", era = "令和", year = d.y - 2018;
  else if (d >= text::Ymd{1989, 1, 8}) initial = "H", era = "平成", year = d.y - 1988;
  if (form == 3) std::snprintf(buf, sizeof buf, "%s%d.%d.%d", initial, year, d.m, d.d);
  else if (form == 4) std::snprintf(buf, sizeof buf, "%s%02d.%02d.%02d", initial, year, d.m, d.d);
  else if (year == 1 && r.chance(0.8)) std::snprintf(buf, sizeof buf, "%s元年%d月%d日", era, d.m, d.d);
  else std::snprintf(buf, sizeof buf, "%s%d年%d月%d日", era, year, d.m, d.d);
  return buf;
}

constexpr const char* kKanjiDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

std::string address_text(const Address& a, int style, bool building) {
  std::string s;
  auto n = [](int v) { return std::to_string(v); };
  if (a.oaza) {
    std::string lot = a.go ? n(a.ban) + "-" + n(a.go) : n(a.ban);
    if (style == 0) s = "大字" + a.town + n(a.ban) + "番地" + (a.go ? n(a.go) : "");
    else if (style == 1) s = a.town + lot;
    else if (style == 2) s = "大字" + a.town + lot;
    else s = "大字" + a.town + full_width(lot);
  } else {
    std::string chome = a.chome ? n(a.chome) + "丁目" : "";
    if (style == 0) s = a.town + chome + n(a.ban) + "番" + n(a.go) + "号";
    else if (style == 1) s = a.town + (a.chome ? n(a.chome) + "-" : "") + n(a.ban) + "-" + n(a.go);
    else if (style == 2) s = a.town + (a.chome ? std::string(kKanjiDigits[a.chome]) + "丁目" : "") + n(a.ban) + "-" + n(a.go);
    else s = a.town + full_width(chome.empty() ? "" : n(a.chome)) + (a.chome ? "丁目" : "") + full_width(n(a.ban) + "-" + n(a.go));
  }
  if (building && !a.building.empty()) {
    std::string room = std::to_string(a.room);
    if (style == 3) s += "\u3000" + a.building + full_width(room);
    else if (style == 0) s += " " + a.building + room + "号室";
    else s += " " + a.building + room;
  }
  return s;
}

class Generator {
 public:
  Generator(const master::MasterData& md, const CensusOptions& o)
      : md_(md), o_(o), boys_(kBoys), girls_(kGirls) {
    if (o.round_year < 2000 || o.round_year > 2100)
      throw std::invalid_argument("synthetic_census: round year must be 2000..2100, got " + std::to_string(o.round_year));
    reference_ = days_from_civil(o.round_year, 4, 1);
    earliest_birth_ = days_from_civil(o.round_year - 19, 4, 2);
    const master::Prefecture* pref = md.prefecture(o.prefecture_code);
    if (pref) prefecture_name_ = pref->name;
    double total = 0;
    for (const master::Municipality* m : md.municipalities_in(o.prefecture_code)) {
      double w = level_weight(*m);
      if (w == 0) continue;
      if (o.prefecture_code == "35")
        for (const auto& [code, thousands] : kYamaguchiPopulation)
          if (m->code == code) w = thousands;
      places_.push_back(m);
      total += w;
      place_weights_.push_back(total);
    }
    if (places_.empty())
      throw std::invalid_argument("synthetic_census: no municipalities for prefecture '" + o.prefecture_code + "'");
    double f = 0;
    for (std::size_t i = 0; i < std::size(kFamilyNames); ++i) family_weights_.push_back(f += 1000.0 / (i + 10.0));
    for (const master::CareItem& item : md.care_items()) care_.emplace(item.code, &item);
  }

  const std::string& prefecture_name() const { return prefecture_name_; }
  long long reference() const { return reference_; }

  Household household(std::size_t h) const {
    Rng r(mix(o_.seed, kHousehold, h));
    Household out;
    int type = r.weighted({937, 35, 3, 25});  // one child, twins, triplets, siblings
    const master::Municipality* place = pick_place(r);
    FamilyForm family = pick_family(r);
    Address address = make_address(r, *place);
    const master::Municipality* old_place = nullptr;
    Address old_address;
    long long moved_on = 0;
    if (places_.size() > 1 && r.chance(0.03)) {
      for (int tries = 0; tries < 20 && (!old_place || old_place == place); ++tries) old_place = pick_place(r);
      if (old_place == place) old_place = nullptr;
      if (old_place) {
        old_address = make_address(r, *old_place);
        moved_on = reference_ - r.between(20, 360);
      }
    }
    FamilyForm former;
    if (r.chance(0.003)) {
      former = family;
      while (family.entry == former.entry) family = pick_family(r);
    }

    int count = type == 0 ? 1 : type == 1 ? 2 : type == 2 ? 3 : r.chance(0.1) ? 3 : 2;
    int age = draw_age(r);
    long long birth = birth_for_age(r, age);
    bool same_sex = r.chance(0.6);
    bool shared_kanji = r.chance(0.5);
    std::string first_sex = r.chance(0.52) ? "male" : "female";
    int plan_of_first = plan_kind(r);
    for (int i = 0; i < count; ++i) {
      Kid k;
      k.family = family;
      k.former = former;
      k.place = place;
      k.address = address;
      k.old_place = old_place;
      k.old_address = old_address;
      k.moved_on = moved_on;
      if (type == 3 && i > 0) {  // a sibling: 1–7 years apart
        int gap = static_cast<int>(r.between(1, 7));
        int a = age + gap <= 18 ? age + gap : age - gap;
        if (a < 0) a = std::min(18, age + 1);
        k.birth = birth_for_age(r, a);
      } else {
        k.birth = birth;
      }
      k.pub.sex = i == 0 || (type != 3 && same_sex) ? first_sex : r.chance(0.52) ? "male" : "female";
      if (type == 1 && i == 1 && !same_sex) k.pub.sex = first_sex == "male" ? "female" : "male";
      if (type == 1 || type == 2) k.multiple_order = i + 1, k.multiple_size = count;
      k.pub.twin = type == 1;
      k.pub.triplet = type == 2;
      k.pub.sibling = type == 3;
      name_child(r, k, out.kids, shared_kanji && (type == 1 || type == 2));
      // Twins and triplets are often in care for the same reason (prematurity).
      int plan = (type == 1 || type == 2) && i > 0 && r.chance(0.6) ? plan_of_first : plan_kind(r);
      finish(r, k, plan);
      out.kids.push_back(std::move(k));
    }
    if (type == 0 && h > 0 && r.chance(0.015)) make_homonym(r, out.kids.front(), h);
    return out;
  }

  // ---- Rendering one row.

  struct RowContext {
    Kind kind;
    const Style* style;
    const Rates* rates;
    bool old_place;  // the row describes the child before the move
  };

  std::array<std::string, kSheetColumns> row(const Kid& k, const RowContext& c, Rng& r) const {
    std::array<std::string, kSheetColumns> cells;
    const Rates& rt = *c.rates;
    Style st = row_style(r, *c.style, c.kind, rt.deviate);
    auto at = [&](SheetColumn col) -> std::string& { return cells[static_cast<std::size_t>(col)]; };

    // Which family name: a renamed child's former one in about half the sources, and in old-place rows.
    bool former = k.former.entry && (c.old_place || r.chance(0.5));
    const FamilyForm& fam = former ? k.former : k.family;
    std::string given = r.chance(rt.official_family) ? k.pub.given_name : k.given_everyday;
    if (r.chance(rt.given_typo)) given = typo(r, given);
    at(SheetColumn::name) = spell_family(r, fam, rt) + separator(st.name_sep) + given;

    if (!r.chance(rt.kana_blank)) {
      std::string fk = fam.kana;
      if (!fam.alt_kana.empty() && r.chance(0.005)) fk = fam.alt_kana;
      bool large = st.script != kHiragana && r.chance(0.005);
      at(SheetColumn::kana) = kana_in(fk, st.script, large) + separator(st.kana_sep) + kana_in(k.pub.given_kana, st.script, large);
    }

    if (!r.chance(rt.birth_blank)) {
      std::string d = date_text(noisy_birth(r, k.birth, c.kind), st.date, r);
      at(SheetColumn::birth_date) = r.chance(rt.full_width_date) ? full_width(d) : d;
    }

    if (!r.chance(rt.sex_blank)) {
      bool male = k.pub.sex == "male";
      if (c.kind != Kind::registry && r.chance(0.002)) male = !male;
      static constexpr const char* kSex[][2] = {{"男", "女"}, {"男性", "女性"}, {"M", "F"}, {"1", "2"}};
      at(SheetColumn::sex) = kSex[st.sex][male ? 0 : 1];
    }

    const master::Municipality& m = c.old_place && k.old_place ? *k.old_place : *k.place;
    municipality_cells(r, m, st.place, at(SheetColumn::municipality_code), at(SheetColumn::municipality_name));

    if (!r.chance(rt.address_blank)) {
      const Address& a = c.old_place && k.old_place ? k.old_address : k.address;
      std::string s = address_text(a, st.address, !r.chance(0.3));
      if (c.kind == Kind::municipality && r.chance(0.03)) s = (r.chance(0.5) ? prefecture_name_ : "") + m.name + s;
      at(SheetColumn::address) = s;
    }

    if (!r.chance(rt.care_blank)) at(SheetColumn::care) = care_text(r, k, st, c.kind);

    if (!r.chance(rt.affiliation_blank)) {
      std::string a = k.pub.affiliation;
      if (r.chance(rt.affiliation_change)) a = neighbour_affiliation(r, a, k.pub.age, c.kind == Kind::education);
      at(SheetColumn::affiliation) = a;
    }

    if (!r.chance(rt.diagnosis_blank) && !k.diagnoses.empty()) {
      std::string d = k.diagnoses[0];
      for (std::size_t i = 1; i < k.diagnoses.size() && !r.chance(0.3); ++i) d += "、" + k.diagnoses[i];
      at(SheetColumn::diagnosis) = d;
    }
    at(SheetColumn::note) = note(r, k, c);
    return cells;
  }

 private:
  const master::Municipality* pick_place(Rng& r) const { return places_[draw(r, place_weights_)]; }

  FamilyForm pick_family(Rng& r) const {
    FamilyForm f;
    f.entry = &kFamilyNames[draw(r, family_weights_)];
    f.everyday = f.official = f.entry->kanji;
    f.kana = f.entry->kana;
    if (f.entry->alt_kana) {
      f.alt_kana = f.entry->alt_kana;
      if (r.chance(0.25)) std::swap(f.kana, f.alt_kana);  // this family reads it the other way
    }
    std::size_t variants = 0;
    while (variants < f.entry->variants.size() && f.entry->variants[variants]) ++variants;
    if (variants > 0 && r.chance(0.15)) f.official = f.entry->variants[r.below(variants)];
    return f;
  }

  Address make_address(Rng& r, const master::Municipality& m) const {
    Address a;
    Rng town(mix(o_.seed, fnv(m.code)));  // where the municipality's towns start in the list
    bool rural = m.level == "town" || m.level == "village";
    if (rural) {
      a.oaza = true;
      a.town = kVillages[(town.below(std::size(kVillages)) + r.below(12)) % std::size(kVillages)];
      a.ban = static_cast<int>(r.between(1, 3000));
      a.go = r.chance(0.4) ? static_cast<int>(r.between(1, 12)) : 0;
    } else {
      a.town = kTowns[(town.below(std::size(kTowns)) + r.below(40)) % std::size(kTowns)];
      a.chome = r.chance(0.6) ? static_cast<int>(r.between(1, 6)) : 0;
      a.ban = static_cast<int>(r.between(1, 40));
      a.go = static_cast<int>(r.between(1, 25));
    }
    if (r.chance(0.25)) {
      a.building = kBuildings[r.below(std::size(kBuildings))];
      a.room = static_cast<int>(r.between(1, 8) * 100 + r.between(1, 12));
    }
    return a;
  }

  static int draw_age(Rng& r) {
    return r.weighted({5, 8, 9, 8, 7, 7, 7, 6, 6, 5, 5, 5, 5, 4, 4, 4, 4, 4, 2});
  }

  long long birth_for_age(Rng& r, int age) const {
    return r.between(days_from_civil(o_.round_year - age - 1, 4, 2), days_from_civil(o_.round_year - age, 4, 1));
  }

  int age_on_reference(long long birth) const {
    text::Ymd b = civil_from_days(birth);
    return o_.round_year - b.y - (b.m > 4 || (b.m == 4 && b.d > 1) ? 1 : 0);
  }

  const NameTable& names_for(const std::string& sex) const { return sex == "male" ? boys_ : girls_; }

  // A given name and its reading; twins and triplets get names different from each other's (in kanji and
  // reading), sharing the first kanji when `shared` and the table allows.
  void name_child(Rng& r, Kid& k, const std::vector<Kid>& others, bool shared) const {
    const NameTable& t = names_for(k.pub.sex);
    int year = civil_from_days(k.birth).y;
    auto clashes = [&](const NameTable::Entry& e, const std::string& reading) {
      for (const Kid& o : others)
        if (o.given_everyday == everyday_given(e.kanji) || o.pub.given_kana == reading) return true;
      return false;
    };
    const NameTable::Entry* chosen = nullptr;
    std::string reading;
    for (int tries = 0; tries < 200; ++tries) {
      const NameTable::Entry& e = t.pick(r, year);
      std::string rd = NameTable::reading(r, e);
      if (clashes(e, rd)) continue;
      if (shared && !others.empty() && tries < 150 && first_char(e.kanji) != first_char(others.front().pub.given_name))
        continue;
      chosen = &e;
      reading = rd;
      break;
    }
    if (!chosen) {  // practically never: take the first name that does not clash
      for (const NameTable::Entry& e : t.names)
        if (!clashes(e, e.readings[0])) {
          chosen = &e;
          reading = e.readings[0];
          break;
        }
    }
    k.pub.given_name = chosen->kanji;
    k.given_everyday = everyday_given(chosen->kanji);
    // A given name with a 異体字 form (竜/龍): the 戸籍 holds the old form now and then.
    if (k.given_everyday == chosen->kanji && r.chance(0.1))
      for (const auto& [variant, common] : kGivenVariants)
        if (chosen->kanji.find(common) != std::string::npos) {
          k.pub.given_name = replace_all(chosen->kanji, common, variant);
          break;
        }
    k.pub.given_kana = reading;
  }

  void finish(Rng& r, Kid& k, int plan_kind_) const {
    Plan p = care_plan(r, plan_kind_);
    k.pub.age = age_on_reference(k.birth);
    k.pub.birth_date = iso_of(k.birth);
    k.pub.care_items = p.items;
    k.diagnoses = p.diagnoses;
    k.pub.affiliation = affiliation_for(r, k.pub.age, p.severe);
    k.pub.family_name = k.family.official;
    k.pub.family_kana = k.family.kana;
    k.pub.former_family_name = k.former.entry ? k.former.official : "";
    k.pub.municipality_code = k.place->code;
    k.pub.moved_from = k.old_place ? k.old_place->code : "";
  }

  // How a child's kanji name can belong to someone else: 0 another reading, 1 the other sex (unisex names).
  std::vector<int> homonym_ways(const Kid& t) const {
    std::vector<int> ways;
    const NameTable& own = names_for(t.pub.sex);
    const NameTable& other = names_for(t.pub.sex == "male" ? "female" : "male");
    auto mine = own.index.find(t.given_everyday);
    if (mine != own.index.end() && own.names[mine->second].readings.size() > 1) ways.push_back(0);
    if (other.index.count(t.given_everyday)) ways.push_back(1);
    return ways;
  }

  // The kanji name of a child from an earlier household, in another municipality. 40% are born the same day;
  // for those a name that can be read differently or belongs to both sexes is sought, and 85% differ in
  // reading or sex; the others differ only in municipality, address and care items (made to differ).
  void make_homonym(Rng& r, Kid& k, std::size_t h) const {
    if (places_.size() < 2) return;
    bool same_day = r.chance(0.4);
    Household earlier;
    std::vector<int> ways;
    for (int tries = 0; tries < (same_day ? 20 : 1); ++tries) {
      earlier = household(r.below(h));
      ways = homonym_ways(earlier.kids.front());
      if (!ways.empty()) break;
    }
    const Kid& t = earlier.kids.front();
    if (t.former.entry) return;
    k.pub.homonym = true;
    k.family = t.family;
    k.former = {};
    k.pub.sex = t.pub.sex;
    k.pub.given_name = t.pub.given_name;
    k.given_everyday = t.given_everyday;
    k.pub.given_kana = t.pub.given_kana;
    if (!ways.empty() && r.chance(0.85)) {
      if (ways[r.below(ways.size())] == 0) {
        const NameTable& own = names_for(t.pub.sex);
        const auto& readings = own.names[own.index.at(t.given_everyday)].readings;
        while (k.pub.given_kana == t.pub.given_kana) k.pub.given_kana = readings[r.below(readings.size())];
      } else {
        k.pub.sex = t.pub.sex == "male" ? "female" : "male";
        const NameTable& other = names_for(k.pub.sex);
        k.pub.given_kana = other.names[other.index.at(t.given_everyday)].readings[0];
      }
    }
    for (int tries = 0; tries < 50 && (k.place == t.place || k.place == t.old_place); ++tries) {
      k.place = pick_place(r);
      k.address = make_address(r, *k.place);
    }
    if (k.old_place == k.place || k.old_place == t.place) k.old_place = nullptr;
    if (same_day) k.birth = t.birth;
    bool alike = k.pub.given_kana == t.pub.given_kana && k.pub.sex == t.pub.sex;
    for (int tries = 0; tries < 20; ++tries) {
      finish(r, k, plan_kind(r));
      if (!alike || k.pub.care_items != t.pub.care_items) break;
    }
  }

  std::string spell_family(Rng& r, const FamilyForm& f, const Rates& rt) const {
    if (f.official != f.everyday) return r.chance(rt.official_family) ? f.official : f.everyday;
    if (f.entry->variants[0] && r.chance(rt.variant_slip)) {
      std::size_t n = 0;
      while (n < f.entry->variants.size() && f.entry->variants[n]) ++n;
      return f.entry->variants[r.below(n)];
    }
    return f.official;
  }

  static std::string typo(Rng& r, const std::string& given) {
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& [a, b] : kSameReading) {
      if (given.find(a) != std::string::npos) options.emplace_back(a, b);
      if (given.find(b) != std::string::npos) options.emplace_back(b, a);
    }
    if (options.empty()) return given;
    const auto& [from, to] = options[r.below(options.size())];
    std::string out = given;
    out.replace(out.find(from), from.size(), to);
    return out;
  }

  // The birth date as a row gives it: now and then one wrong digit, month and day swapped, or a day off;
  // always a real date within the census's ages.
  long long noisy_birth(Rng& r, long long birth, Kind kind) const {
    if (kind == Kind::registry) return birth;
    double x = r.unit();
    auto valid = [&](long long d) { return d >= earliest_birth_ && d <= reference_ && d != birth; };
    if (x < 0.006) {
      text::Ymd d = civil_from_days(birth);
      for (int tries = 0; tries < 20; ++tries) {
        text::Ymd e = d;
        int which = r.weighted({3, 2, 2, 3});  // year's last digit, month's, day's tens, day's units
        int digit = static_cast<int>(r.below(10));
        if (which == 0) e.y = e.y / 10 * 10 + digit;
        else if (which == 1) e.m = e.m / 10 * 10 + digit;
        else if (which == 2) e.d = digit * 10 + e.d % 10;
        else e.d = e.d / 10 * 10 + digit;
        if (e.m < 1 || e.m > 12 || e.d < 1 || e.d > text::days_in_month(e.y, e.m)) continue;
        long long days = days_from_civil(e.y, e.m, e.d);
        if (valid(days)) return days;
      }
      x = 0.012;  // no wrong digit fits: a day off instead
    }
    if (x < 0.009) {
      text::Ymd d = civil_from_days(birth);
      if (d.d <= 12 && d.d != d.m) {
        long long days = days_from_civil(d.y, d.d, d.m);
        if (valid(days)) return days;
      }
      return birth;
    }
    if (x < 0.014) {
      long long days = birth + (r.chance(0.5) ? 1 : -1);
      return valid(days) ? days : birth;
    }
    return birth;
  }

  void municipality_cells(Rng& r, const master::Municipality& m, int mode, std::string& code, std::string& name) const {
    std::string pref_name = prefecture_name_ + m.name;
    switch (mode) {
      case 0: code = m.code, name = m.name; break;
      case 1: code = m.code5, name = m.name; break;
      case 2: code = m.code; break;
      case 3: code = m.code5; break;
      case 4: name = m.name; break;
      case 5: name = pref_name; break;
      default: code = m.code, name = pref_name; break;
    }
    if (!code.empty() && r.chance(0.02)) code = full_width(code);
  }

  std::string care_text(Rng& r, const Kid& k, const Style& st, Kind kind) const {
    std::vector<std::string> items;
    for (const std::string& code : k.pub.care_items)
      if (kind == Kind::registry || !r.chance(0.06)) items.push_back(code);
    if (items.empty()) items.push_back(k.pub.care_items.front());
    if (kind != Kind::registry && r.chance(0.04)) {
      static constexpr const char* kRelated[] = {"suction", "nebulizer", "oxygen_therapy", "tube_feeding",
                                                 "seizure_management", "enema"};
      std::string extra = r.pick(kRelated);
      if (std::find(items.begin(), items.end(), extra) == items.end()) items.push_back(extra);
    }
    static constexpr const char* kSeparators[] = {"、", ",", ";", "／", "/"};
    std::string out;
    for (const std::string& code : items) {
      if (!out.empty()) out += kSeparators[st.care_sep];
      int form = st.care_form == 3 ? static_cast<int>(r.below(3)) : st.care_form;
      auto it = care_.find(code);
      if (form == 2 || it == care_.end()) out += code;
      else out += form == 0 ? it->second->short_name_ja : it->second->name_ja;
    }
    return out;
  }

  std::string note(Rng& r, const Kid& k, const RowContext& c) const {
    if (k.old_place && c.kind == Kind::municipality && r.chance(0.35)) {
      std::string when = date_text(k.moved_on, 3, r);
      when = when.substr(0, when.rfind('.'));  // R7.10
      return c.old_place ? when + " " + k.place->name + "へ転出" : when + " " + k.old_place->name + "から転入";
    }
    if (k.multiple_size > 0 && r.chance(0.25)) {
      const char* kind = k.multiple_size == 2 ? "双胎" : "品胎";
      return std::string(kind) + "第" + std::to_string(k.multiple_order) + "子";
    }
    if (k.former.entry && !c.old_place && r.chance(0.3)) return "氏変更あり（旧：" + k.former.everyday + "）";
    if (r.chance(0.05)) {
      static constexpr const char* kNotes[] = {"訪問看護利用", "短期入所利用あり", "要確認", "きょうだい児あり",
                                               "レスパイト入院あり", "災害時個別避難計画作成済み"};
      return r.pick(kNotes);
    }
    return "";
  }

  const master::MasterData& md_;
  CensusOptions o_;
  NameTable boys_, girls_;
  long long reference_ = 0, earliest_birth_ = 0;
  std::string prefecture_name_;
  std::vector<const master::Municipality*> places_;
  std::vector<double> place_weights_, family_weights_;
  std::map<std::string, const master::CareItem*> care_;
};

// ---- Putting sheets together.

struct Entry {
  std::size_t child;
  bool old_place;
  int copy;  // 0, or 1 for a row entered twice
};

std::string record_id(int style, std::size_t seq, int round_year, const std::string& code5, long long registry_id) {
  char buf[48];
  switch (style) {
    case 0: std::snprintf(buf, sizeof buf, "%d-%04zu", round_year, seq); break;
    case 1: std::snprintf(buf, sizeof buf, "%zu", seq); break;
    case 2: std::snprintf(buf, sizeof buf, "%s-%03zu", code5.c_str(), seq); break;
    case 3: std::snprintf(buf, sizeof buf, "No.%zu", seq); break;
    case 4: std::snprintf(buf, sizeof buf, "R%d-%03zu", round_year - 2018, seq); break;
    case 5: std::snprintf(buf, sizeof buf, "E%05zu", seq); break;
    default: std::snprintf(buf, sizeof buf, "%lld", registry_id); break;
  }
  return buf;
}

FileForm draw_form(Rng& r, Kind k) {
  if (k == Kind::education) return FileForm::xlsx_titled;
  if (k == Kind::registry) return FileForm::csv_utf8_bom;
  static constexpr FileForm kForms[] = {FileForm::csv_utf8_bom, FileForm::csv_utf8, FileForm::csv_cp932,
                                        FileForm::xlsx, FileForm::xlsx_titled};
  return kForms[r.weighted({30, 10, 25, 20, 15})];
}

std::vector<Kid> make_children(const Generator& g, std::size_t n) {
  std::vector<Kid> kids;
  kids.reserve(n);
  for (std::size_t h = 0; kids.size() < n; ++h) {
    Household hh = g.household(h);
    std::size_t keep = std::min(hh.kids.size(), n - kids.size());
    for (std::size_t i = 0; i < keep; ++i) {
      Kid& k = hh.kids[i];
      k.pub.household = h;
      if (keep == 1 && keep < hh.kids.size())  // the rest of the set is cut off by the round's size
        k.pub.twin = k.pub.triplet = k.pub.sibling = false, k.multiple_size = 0;
      char id[24];
      std::snprintf(id, sizeof id, "C%07zu", kids.size() + 1);
      k.pub.id = id;
      kids.push_back(std::move(k));
    }
  }
  return kids;
}

// The rows each source will have.
struct Listing {
  std::map<std::string, std::vector<Entry>> municipal;  // by municipality code
  std::vector<Entry> education, registry;
};

Listing list_children(const std::vector<Kid>& kids, const CensusOptions& o) {
  Listing out;
  std::map<std::string, double> coverage;  // per municipality
  for (std::size_t i = 0; i < kids.size(); ++i) {
    const Kid& k = kids[i];
    Rng r(mix(o.seed, kCoverage, i));
    auto covered = [&](const master::Municipality& m) {
      auto [it, fresh] = coverage.try_emplace(m.code, 0.0);
      if (fresh) it->second = 0.85 + 0.14 * Rng(mix(o.seed, kCoverage, fnv(m.code))).unit();
      return it->second;
    };
    auto add = [&](std::vector<Entry>& to, bool old_place, double duplicate) {
      to.push_back({i, old_place, 0});
      if (r.chance(duplicate)) to.push_back({i, old_place, 1});
    };
    if (k.old_place) {
      if (r.chance(0.70)) add(out.municipal[k.old_place->code], true, kMunicipalRates.duplicate);
      if (r.chance(0.92)) add(out.municipal[k.place->code], false, kMunicipalRates.duplicate);
    } else if (r.chance(covered(*k.place))) {
      add(out.municipal[k.place->code], false, kMunicipalRates.duplicate);
    }
    if (is_school(k.pub.affiliation) && k.pub.school_age()) {
      bool special = k.pub.affiliation == std::string(kSpecialSchool) || k.pub.affiliation == std::string(kHomeVisit);
      if (r.chance(special ? 0.94 : 0.82)) add(out.education, k.old_place && r.chance(0.3), kEducationRates.duplicate);
    }
    if (o.registry && r.chance(0.6)) add(out.registry, k.old_place && r.chance(0.4), kRegistryRates.duplicate);
  }
  return out;
}

// Entry order keeps a household together (and puts a row typed twice somewhere later); a sheet sorted by kana
// or birth date falls back on it for ties.
void order_rows(std::vector<Entry>& entries, const std::vector<Kid>& kids, int order, std::uint64_t tag) {
  std::vector<std::pair<std::uint64_t, Entry>> keyed;
  keyed.reserve(entries.size());
  for (const Entry& e : entries) keyed.emplace_back(mix(tag, kids[e.child].pub.household, static_cast<std::uint64_t>(e.copy)), e);
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    const Entry &x = a.second, &y = b.second;
    const Kid &kx = kids[x.child], &ky = kids[y.child];
    if (order == 1 && std::tie(kx.family.kana, kx.pub.given_kana) != std::tie(ky.family.kana, ky.pub.given_kana))
      return std::tie(kx.family.kana, kx.pub.given_kana) < std::tie(ky.family.kana, ky.pub.given_kana);
    if (order == 2 && kx.birth != ky.birth) return kx.birth < ky.birth;
    return std::tie(a.first, x.copy, x.child) < std::tie(b.first, y.copy, y.child);
  });
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i] = keyed[i].second;
}

// Column order, header names (some English aliases), an extra column, the file form.
void lay_out(SyntheticSheet& s, Rng& r, Kind kind, bool first_sheet) {
  std::vector<int> columns(kSheetColumns);
  std::iota(columns.begin(), columns.end(), 0);
  if (r.chance(0.7)) {
    std::size_t fixed = r.chance(0.7) ? 1 : 0;  // record_id stays first
    for (std::size_t i = columns.size() - 1; i > fixed; --i) std::swap(columns[i], columns[fixed + r.below(i + 1 - fixed)]);
  }
  bool english = r.chance(0.15);
  if (kind == Kind::municipality && (first_sheet || r.chance(0.05)))
    columns.insert(columns.begin() + static_cast<long>(r.below(columns.size() + 1)), -1);
  for (int c : columns) {
    if (c < 0) s.header.emplace_back("担当保健師");
    else s.header.emplace_back(english && r.chance(0.5) ? header_en(static_cast<SheetColumn>(c))
                                                        : header_ja(static_cast<SheetColumn>(c)));
  }
  s.columns = std::move(columns);
  s.form = draw_form(r, kind);
}

SyntheticSheet build_sheet(const Generator& g, const std::vector<Kid>& kids, const CensusOptions& o, Kind kind,
                           const std::string& source, const master::Municipality* m, std::vector<Entry> entries,
                           std::uint64_t tag) {
  SyntheticSheet s;
  s.source = source;
  s.kind = kind == Kind::municipality ? "municipality" : kind == Kind::education ? "education" : "registry";
  if (m) s.municipality_code = m->code;
  Rng sr(mix(o.seed, kSheet, tag));
  const Style style = draw_style(sr, kind);
  const Rates& rates = rates_of(kind);
  order_rows(entries, kids, style.order, tag);

  Rng lr(mix(o.seed, kLayout, tag));
  lay_out(s, lr, kind, tag == 0);
  if (s.form == FileForm::xlsx_titled) {
    std::string era = "令和" + std::to_string(o.round_year - 2018) + "年度";
    std::string who = m ? m->name : kind == Kind::education ? g.prefecture_name() + "教育委員会" : "登録台帳";
    s.title_rows = {era + " 医療的ケア児 実数調査（共通シート）", who + "（" + date_text(g.reference(), 5, lr) + "現在）"};
  }

  Rng ids(mix(o.seed, kIds, tag));
  long long registry_id = 1000 + static_cast<long long>(ids.below(500));
  std::size_t seq_base = ids.chance(0.3) ? ids.below(30) : 0;  // numbering carried on from last year's sheet
  s.rows.reserve(entries.size());
  s.child.reserve(entries.size());
  for (std::size_t n = 0; n < entries.size(); ++n) {
    const Entry& e = entries[n];
    Rng r(mix(o.seed, kRow, tag * 4 + static_cast<std::uint64_t>(e.copy) * 2 + (e.old_place ? 1 : 0), e.child));
    std::array<std::string, kSheetColumns> cells = g.row(kids[e.child], {kind, &style, &rates, e.old_place}, r);
    registry_id += 1 + static_cast<long long>(ids.below(3));
    cells[0] = record_id(style.ids, seq_base + n + 1, o.round_year, m ? m->code5 : "", registry_id);
    std::vector<std::string> out;
    out.reserve(s.columns.size());
    for (int c : s.columns) {
      if (c >= 0) out.push_back(std::move(cells[static_cast<std::size_t>(c)]));
      else out.emplace_back(r.chance(0.8) ? kFamilyNames[r.below(40)].kanji : "");  // the nurse in charge
    }
    s.rows.push_back(std::move(out));
    s.child.push_back(e.child);
  }
  return s;
}

}  // namespace

const char* header_ja(SheetColumn c) {
  static constexpr const char* k[] = {"記録番号", "氏名", "ふりがな", "生年月日", "性別", "市区町村コード",
                                      "市区町村名", "住所", "医療的ケア", "所属", "主な疾患", "備考"};
  return k[static_cast<std::size_t>(c)];
}

const char* header_en(SheetColumn c) {
  static constexpr const char* k[] = {"record_id", "name", "kana", "birth_date", "sex", "municipality_code",
                                      "municipality_name", "address", "care", "affiliation", "diagnosis", "note"};
  return k[static_cast<std::size_t>(c)];
}

std::optional<std::size_t> SyntheticSheet::index_of(SheetColumn c) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == static_cast<int>(c)) return i;
  return std::nullopt;
}

const std::string& SyntheticSheet::cell(std::size_t row, SheetColumn c) const {
  static const std::string kEmpty;
  auto i = index_of(c);
  return i && *i < rows[row].size() ? rows[row][*i] : kEmpty;
}

std::vector<TruthRow> CensusRound::truth() const {
  std::vector<TruthRow> out;
  out.reserve(row_count());
  for (const SyntheticSheet& s : sheets)
    for (std::size_t i = 0; i < s.rows.size(); ++i)
      out.push_back({s.source, s.cell(i, SheetColumn::record_id), children[s.child[i]].id});
  return out;
}

std::size_t CensusRound::row_count() const {
  std::size_t n = 0;
  for (const SyntheticSheet& s : sheets) n += s.rows.size();
  return n;
}

CensusRound synthetic_census(const master::MasterData& md, const CensusOptions& options) {
  Generator g(md, options);
  CensusRound round;
  round.reference_date = iso_of(g.reference());
  std::vector<Kid> kids = make_children(g, options.children);
  Listing listed = list_children(kids, options);
  std::uint64_t tag = 0;
  for (auto& [code, entries] : listed.municipal)
    round.sheets.push_back(
        build_sheet(g, kids, options, Kind::municipality, "mun-" + code, md.municipality(code), entries, tag++));
  round.sheets.push_back(build_sheet(g, kids, options, Kind::education, "education", nullptr, listed.education, 1u << 20));
  if (options.registry)
    round.sheets.push_back(
        build_sheet(g, kids, options, Kind::registry, "registry", nullptr, listed.registry, (1u << 20) + 1));
  round.children.reserve(kids.size());
  for (Kid& k : kids) round.children.push_back(std::move(k.pub));
  return round;
}

// ---- Scoring.

PairwiseScore score_pairwise(const std::vector<LabelledRow>& truth, const std::vector<LabelledRow>& links,
                             std::size_t examples) {
  PairwiseScore s;
  s.truth_rows = truth.size();
  s.link_rows = links.size();
  auto key = [](const LabelledRow& r) { return r.source + '\x1f' + r.record_id; };

  // Rows by key, labels as small integers.
  std::unordered_map<std::string, std::size_t> row_of;  // key → index into truth
  std::unordered_map<std::string, std::size_t> truth_label, link_label;
  std::vector<std::size_t> t_of(truth.size(), SIZE_MAX), l_of(truth.size(), SIZE_MAX);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (!row_of.emplace(key(truth[i]), i).second) {
      ++s.duplicate_rows;
      continue;
    }
    t_of[i] = truth_label.emplace(truth[i].label, truth_label.size()).first->second;
  }
  std::unordered_map<std::string, bool> seen_link;
  for (const LabelledRow& l : links) {
    std::string k = key(l);
    if (!seen_link.emplace(k, true).second) {
      ++s.duplicate_rows;
      continue;
    }
    auto it = row_of.find(k);
    if (it == row_of.end()) {
      s.missing_from_truth.emplace_back(l.source, l.record_id);
      continue;
    }
    l_of[it->second] = link_label.emplace(l.label, link_label.size()).first->second;
  }

  std::vector<std::uint64_t> t_size(truth_label.size()), l_size(link_label.size());
  std::unordered_map<std::uint64_t, std::uint64_t> both;
  std::vector<std::size_t> scored;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (t_of[i] == SIZE_MAX) continue;
    if (l_of[i] == SIZE_MAX) {
      s.missing_from_links.emplace_back(truth[i].source, truth[i].record_id);
      continue;
    }
    scored.push_back(i);
    ++t_size[t_of[i]];
    ++l_size[l_of[i]];
    ++both[(static_cast<std::uint64_t>(t_of[i]) << 32) | l_of[i]];
  }
  s.scored_rows = scored.size();
  auto pairs = [](std::uint64_t n) { return n * (n - 1) / 2; };
  for (auto n : t_size) s.truth_pairs += n ? pairs(n) : 0;
  for (auto n : l_size) s.link_pairs += n ? pairs(n) : 0;
  for (const auto& [k, n] : both) s.common_pairs += pairs(n);

  if (examples == 0) return s;
  std::vector<std::string> link_names(link_label.size()), truth_names(truth_label.size());
  for (const auto& [name, id] : link_label) link_names[id] = name;
  for (const auto& [name, id] : truth_label) truth_names[id] = name;
  auto scored_row = [&](std::size_t i) {
    return ScoredRow{truth[i].source, truth[i].record_id, truth_names[t_of[i]], link_names[l_of[i]]};
  };
  // Pairs together in one labelling and apart in the other: within each cluster of `outer`, the first row of
  // each `inner` group paired with the first rows of the later groups.
  auto collect = [&](const std::vector<std::size_t>& outer, const std::vector<std::size_t>& inner,
                     std::vector<RowPair>& out) {
    std::map<std::size_t, std::vector<std::size_t>> firsts;  // outer cluster → first row of each inner group
    std::map<std::size_t, std::vector<std::size_t>> inner_seen;
    std::vector<std::size_t> order;
    for (std::size_t i : scored) {
      auto& groups = inner_seen[outer[i]];
      if (std::find(groups.begin(), groups.end(), inner[i]) != groups.end()) continue;
      groups.push_back(inner[i]);
      if (firsts[outer[i]].empty()) order.push_back(outer[i]);
      firsts[outer[i]].push_back(i);
    }
    for (std::size_t cluster : order) {
      const auto& rows = firsts[cluster];
      for (std::size_t a = 0; a < rows.size(); ++a)
        for (std::size_t b = a + 1; b < rows.size(); ++b) {
          if (out.size() >= examples) return;
          out.push_back({scored_row(rows[a]), scored_row(rows[b])});
        }
    }
  };
  collect(l_of, t_of, s.false_positives);
  collect(t_of, l_of, s.false_negatives);
  return s;
}

}  // namespace tsunagu::census
