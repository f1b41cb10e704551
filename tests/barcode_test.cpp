#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "podcover/errors.hpp"
#include "podcover/length.hpp"
#include "podcover/rect.hpp"
#include "podcover/render/barcode.hpp"

using namespace podcover;
using namespace podcover::literals;
using podcover::render::Barcode;
using podcover::render::BarcodeText;
using podcover::render::Isbn;
using podcover::render::make_isbn_barcode;
using podcover::render::price_addon;

namespace {

// The printers' barcode areas.
const Size ingramspark_area{1.75_in, 1.0_in};
const Size kdp_area{2.0_in, 1.2_in};

// ---------------------------------------------------------------------------------------------
// An EAN-13 + EAN-5 decoder written from the symbology's tables, independent of zint: it reads
// the bars along one horizontal scan line, as a scanner would.

// Odd-parity (number set A, "L") patterns of the digits 0-9, dark = 1, as in the GS1 General
// Specifications' EAN/UPC encodation tables; set C ("R") is their complement and set B ("G")
// set C reversed.
const std::array<std::string, 10> l_codes = {"0001101", "0011001", "0010011", "0111101", "0100011",
                                             "0110001", "0101111", "0111011", "0110111", "0001011"};

std::string complement(std::string bits) {
    for (char& bit : bits)
        bit = bit == '1' ? '0' : '1';
    return bits;
}

std::string reversed(std::string bits) {
    std::reverse(bits.begin(), bits.end());
    return bits;
}

// The parity (L or G) of the six left-half digits, by the EAN-13's first digit.
const std::array<std::string, 10> first_digit_parity = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL",
                                                        "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG",
                                                        "LGLGGL", "LGGLGL"};
// The parity of the EAN-5's five digits, by its checksum.
const std::array<std::string, 10> addon_parity = {"GGLLL", "GLGLL", "GLLGL", "GLLLG", "LGGLL",
                                                  "LLGGL", "LLLGG", "LGLGL", "LGLLG", "LLGLG"};

struct Decoded {
    std::string main;
    std::string addon;
    int left_quiet = 0;   // light modules before the first bar
    int gap = 0;          // light modules between the EAN-13 and the add-on
    int right_quiet = 0;  // light modules after the last bar
};

[[noreturn]] void reject(const std::string& why) {
    throw std::runtime_error("decoder: " + why);
}

// The digit and its parity ('L', 'G' or 'R') whose pattern is `bits`, from the sets allowed.
std::pair<int, char> read_digit(const std::string& bits, const std::string& sets) {
    for (int digit = 0; digit < 10; ++digit) {
        const std::string& l = l_codes[static_cast<std::size_t>(digit)];
        if (sets.find('L') != std::string::npos && bits == l)
            return {digit, 'L'};
        if (sets.find('G') != std::string::npos && bits == reversed(complement(l)))
            return {digit, 'G'};
        if (sets.find('R') != std::string::npos && bits == complement(l))
            return {digit, 'R'};
    }
    reject("no digit has the pattern " + bits);
}

// The modules along the scan line at `y`, dark = '1', across the whole barcode.
std::string scan_line(const Barcode& barcode, Length y) {
    const Length module = barcode.module_width;
    REQUIRE(barcode.size.width.is_multiple_of(module));
    std::string modules(static_cast<std::size_t>(barcode.size.width.units() / module.units()), '0');
    for (const Rect& bar : barcode.bars) {
        if (!(bar.top() <= y && y < bar.bottom()))
            continue;
        if (!bar.x.is_multiple_of(module) || !bar.width.is_multiple_of(module))
            reject("a bar is not on whole modules");
        const auto first = static_cast<std::size_t>(bar.x.units() / module.units());
        const auto count = static_cast<std::size_t>(bar.width.units() / module.units());
        if (first + count > modules.size())
            reject("a bar is outside the barcode");
        for (std::size_t i = first; i < first + count; ++i) {
            if (modules[i] == '1')
                reject("two bars overlap");
            modules[i] = '1';
        }
    }
    return modules;
}

Decoded decode(const Barcode& barcode, Length y) {
    const std::string modules = scan_line(barcode, y);
    const std::size_t first_bar = modules.find('1');
    if (first_bar == std::string::npos)
        reject("no bars");
    const auto expect = [&](std::size_t at, const std::string& pattern, const char* what) {
        if (modules.compare(at, pattern.size(), pattern) != 0)
            reject(std::string("no ") + what + " guard at module " + std::to_string(at));
    };
    Decoded decoded;
    decoded.left_quiet = static_cast<int>(first_bar);

    // EAN-13: 101, six left digits (L or G), 01010, six right digits (R), 101.
    const std::size_t s = first_bar;
    if (s + 95 > modules.size())
        reject("too few modules for an EAN-13");
    expect(s, "101", "start");
    expect(s + 45, "01010", "centre");
    expect(s + 92, "101", "end");
    std::string left_digits;
    std::string parity;
    for (std::size_t i = 0; i < 6; ++i) {
        const auto [digit, set] = read_digit(modules.substr(s + 3 + 7 * i, 7), "LG");
        left_digits += static_cast<char>('0' + digit);
        parity += set;
    }
    const auto first = std::find(first_digit_parity.begin(), first_digit_parity.end(), parity);
    if (first == first_digit_parity.end())
        reject("the parity pattern " + parity + " encodes no first digit");
    decoded.main = std::to_string(first - first_digit_parity.begin()) + left_digits;
    for (std::size_t i = 0; i < 6; ++i) {
        const auto [digit, set] = read_digit(modules.substr(s + 50 + 7 * i, 7), "R");
        decoded.main += static_cast<char>('0' + digit);
    }
    int sum = 0;
    for (std::size_t i = 0; i < 13; ++i)
        sum += (decoded.main[i] - '0') * (i % 2 == 0 ? 1 : 3);
    if (sum % 10 != 0)
        reject("EAN-13 check digit wrong in " + decoded.main);

    // Then light modules, and either the end or an EAN-5: 1011, then five digits (L or G)
    // separated by 01.
    const std::size_t main_end = s + 95;
    const std::size_t next = modules.find('1', main_end);
    if (next == std::string::npos) {
        decoded.right_quiet = static_cast<int>(modules.size() - main_end);
        return decoded;
    }
    decoded.gap = static_cast<int>(next - main_end);
    const std::size_t a = next;
    if (a + 47 > modules.size())
        reject("too few modules for an EAN-5");
    expect(a, "1011", "add-on start");
    std::string addon_parity_read;
    for (std::size_t i = 0; i < 5; ++i) {
        const std::size_t at = a + 4 + 9 * i;
        const auto [digit, set] = read_digit(modules.substr(at, 7), "LG");
        decoded.addon += static_cast<char>('0' + digit);
        addon_parity_read += set;
        if (i < 4)
            expect(at + 7, "01", "add-on separator");
    }
    const auto d = [&](std::size_t i) { return decoded.addon[i] - '0'; };
    const int checksum = (3 * (d(0) + d(2) + d(4)) + 9 * (d(1) + d(3))) % 10;
    if (addon_parity_read != addon_parity[static_cast<std::size_t>(checksum)])
        reject("EAN-5 parity " + addon_parity_read + " does not match its checksum");
    if (modules.find('1', a + 47) != std::string::npos)
        reject("bars after the add-on");
    decoded.right_quiet = static_cast<int>(modules.size() - (a + 47));
    return decoded;
}

// A scan line that crosses every bar: between the lowest bar top and the highest bar bottom.
Length scan_y(const Barcode& barcode) {
    Length top;
    Length bottom = barcode.size.height;
    for (const Rect& bar : barcode.bars) {
        top = max(top, bar.top());
        bottom = min(bottom, bar.bottom());
    }
    REQUIRE(top < bottom);
    return (top + bottom) / 2;
}

Decoded decode(const Barcode& barcode) {
    return decode(barcode, scan_y(barcode));
}

// An ISBN-13 with its check digit computed here, not by podcover.
std::string with_check_digit(const std::string& first_12) {
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i)
        sum += (first_12[i] - '0') * (i % 2 == 0 ? 1 : 3);
    return first_12 + static_cast<char>('0' + (10 - sum % 10) % 10);
}

const BarcodeText* find_text(const Barcode& barcode, const std::string& text) {
    for (const BarcodeText& t : barcode.text) {
        if (t.text == text)
            return &t;
    }
    return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ISBN

TEST_CASE("ISBN-13s parse with or without hyphens and prefix", "[barcode]") {
    const Isbn plain = Isbn::parse("9780306406157");
    CHECK(plain.digits() == "9780306406157");
    CHECK(plain.display() == "ISBN 9780306406157");
    CHECK_FALSE(plain.converted_from_isbn10());

    for (const char* text :
         {"978-0-306-40615-7", "ISBN 978-0-306-40615-7", "ISBN-13: 978-0-306-40615-7",
          "isbn:978-0-306-40615-7", "ISBN13 978 0 306 40615 7", "  978 - 0 - 306 - 40615 - 7 ",
          "ISBN 13: 978-0-306-40615-7"}) {
        INFO(text);
        const Isbn isbn = Isbn::parse(text);
        CHECK(isbn.digits() == "9780306406157");
        CHECK(isbn.display() == "ISBN 978-0-306-40615-7");
        CHECK_FALSE(isbn.converted_from_isbn10());
    }
    CHECK(Isbn::parse("ISBN 9780306406157").display() == "ISBN 9780306406157");
    // Copied from a document: an en dash, a non-breaking hyphen and a no-break space.
    CHECK(Isbn::parse("978\u20130\u2011306\u00A040615\u20137").display() ==
          "ISBN 978-0-306-40615-7");
    CHECK(Isbn::parse("979-10-90636-07-1").digits() == "9791090636071");
    CHECK(Isbn::parse("979-10-90636-07-1").display() == "ISBN 979-10-90636-07-1");
    // Hyphenation without the five elements is not the user's grouping to keep.
    CHECK(Isbn::parse("978-0306406157").display() == "ISBN 9780306406157");
    CHECK(Isbn::parse("978--0-306-40615-7").display() == "ISBN 9780306406157");
    CHECK(Isbn::parse("97-80-306-40615-7").display() == "ISBN 9780306406157");
}

TEST_CASE("ISBN-10s convert to 978 with a new check digit", "[barcode]") {
    const Isbn isbn = Isbn::parse("0-306-40615-2");
    CHECK(isbn.digits() == "9780306406157");
    CHECK(isbn.converted_from_isbn10());
    // The ISBN-10's elements keep their meaning under 978.
    CHECK(isbn.display() == "ISBN 978-0-306-40615-7");
    CHECK(Isbn::parse("0306406152").display() == "ISBN 9780306406157");
    CHECK(Isbn::parse("ISBN-10: 0306406152").digits() == "9780306406157");

    // X is the ISBN-10 check digit 10.
    CHECK(Isbn::parse("0-8044-2957-X").digits() == "9780804429573");
    CHECK(Isbn::parse("0-8044-2957-x").digits() == "9780804429573");
    CHECK(Isbn::parse("155860832X").digits() == "9781558608320");
    CHECK(Isbn::parse("ISBN 1-55860-832-X").display() == "ISBN 978-1-55860-832-0");
}

TEST_CASE("malformed ISBNs are refused with the fix", "[barcode][errors]") {
    CHECK_THROWS_WITH(Isbn::parse("978-0-306-40615-8"),
                      Catch::Contains("'978-0-306-40615-8'") && Catch::Contains("check digit 8") &&
                          Catch::Contains("first 12 digits give 7"));
    CHECK_THROWS_WITH(Isbn::parse("0-306-40615-3"),
                      Catch::Contains("check digit 3") && Catch::Contains("first 9 digits give 2"));
    CHECK_THROWS_WITH(Isbn::parse("0-8044-2957-1"), Catch::Contains("give X"));
    CHECK_THROWS_WITH(Isbn::parse("978030640615"),
                      Catch::Contains("has 12 digits") && Catch::Contains("13"));
    CHECK_THROWS_WITH(Isbn::parse("97803064061577"), Catch::Contains("has 14 digits"));
    CHECK_THROWS_WITH(Isbn::parse("978-0-306-4O615-7"),
                      Catch::Contains("stray character 'O'") && Catch::Contains("hyphens"));
    CHECK_THROWS_WITH(Isbn::parse("978/0/306/40615/7"), Catch::Contains("stray character '/'"));
    CHECK_THROWS_WITH(Isbn::parse("978\u00B70\u00B7306\u00B740615\u00B77"),
                      Catch::Contains("stray non-ASCII character"));
    CHECK_THROWS_WITH(Isbn::parse("1234567890128"),
                      Catch::Contains("starts 123") && Catch::Contains("978 or 979"));
    CHECK_THROWS_WITH(Isbn::parse("979-0-2600-0043-8"), Catch::Contains("ISMN"));
    CHECK_THROWS_WITH(Isbn::parse("978030640615X"), Catch::Contains("X can only be"));
    CHECK_THROWS_WITH(Isbn::parse("0-306-4061X-2"), Catch::Contains("X can only be"));
    CHECK_THROWS_WITH(Isbn::parse(""), Catch::Contains("no digits"));
    CHECK_THROWS_WITH(Isbn::parse("ISBN"), Catch::Contains("no digits"));
    CHECK_THROWS_AS(Isbn::parse("978-0-306-40615-8"), ValueError);
}

// ---------------------------------------------------------------------------------------------
// Price add-on

TEST_CASE("prices become the 5-digit add-on", "[barcode]") {
    CHECK(price_addon(std::nullopt) == "90000");
    for (const char* text :
         {"USD 16.99", "16.99 USD", "$16.99", "US$16.99", "usd16.99", " $ 16.99 ", "16.99$"}) {
        INFO(text);
        CHECK(price_addon(std::string_view(text)) == "51699");
    }
    CHECK(price_addon("USD 5") == "50500");
    CHECK(price_addon("USD 9.9") == "50990");
    CHECK(price_addon("USD 0.99") == "50099");
    CHECK(price_addon("USD .50") == "50050");
    CHECK(price_addon("USD 99.99") == "59999");
    CHECK(price_addon("CAD 21.50") == "62150");
    CHECK(price_addon("21.50 CAD") == "62150");
    CHECK(price_addon("$21.50 CAD") == "62150");
    CHECK(price_addon("C$21.50") == "62150");
}

TEST_CASE("malformed and unencodable prices are refused with the fix", "[barcode][errors]") {
    CHECK_THROWS_WITH(price_addon("USD 100.00"),
                      Catch::Contains("more than 99.99") && Catch::Contains("90000"));
    CHECK_THROWS_WITH(price_addon("USD 1234567890123456789"), Catch::Contains("more than 99.99"));
    CHECK_THROWS_WITH(price_addon("USD 16.999"), Catch::Contains("more than two decimals"));
    CHECK_THROWS_WITH(price_addon("USD 16,99"),
                      Catch::Contains("not an amount") && Catch::Contains("decimal point"));
    CHECK_THROWS_WITH(price_addon("USD 1.2.3"), Catch::Contains("not an amount"));
    CHECK_THROWS_WITH(price_addon("USD ."), Catch::Contains("not an amount"));
    CHECK_THROWS_WITH(price_addon("GBP 9.99"), Catch::Contains("unknown currency 'GBP'") &&
                                                   Catch::Contains("USD and CAD") &&
                                                   Catch::Contains("90000"));
    CHECK_THROWS_WITH(price_addon("9.99 EUR"), Catch::Contains("unknown currency 'EUR'"));
    CHECK_THROWS_WITH(price_addon("16.99"), Catch::Contains("no currency"));
    CHECK_THROWS_WITH(price_addon("USD"), Catch::Contains("no amount"));
    CHECK_THROWS_WITH(price_addon(""), Catch::Contains("empty"));
    CHECK_THROWS_WITH(price_addon("USD 0.00"), Catch::Contains("zero"));
    CHECK_THROWS_WITH(price_addon("USD -5"), Catch::Contains("negative"));
    CHECK_THROWS_WITH(price_addon("USD 5 CAD"), Catch::Contains("both sides"));
    CHECK_THROWS_AS(price_addon("GBP 9.99"), ValueError);
}

// ---------------------------------------------------------------------------------------------
// Bars

TEST_CASE("the decoder reads a known symbol and rejects broken ones", "[barcode]") {
    const Barcode barcode = make_isbn_barcode(Isbn::parse("978-0-306-40615-7"), "51699", kdp_area);
    const Decoded decoded = decode(barcode);
    CHECK(decoded.main == "9780306406157");
    CHECK(decoded.addon == "51699");

    // Moving any one bar by a module breaks the symbol, and the decoder notices.
    for (std::size_t i = 0; i < barcode.bars.size(); ++i) {
        Barcode broken = barcode;
        broken.bars[i].x += barcode.module_width;
        INFO("bar " << i);
        CHECK_THROWS(decode(broken));
    }
    // So does dropping a bar.
    Barcode missing = barcode;
    missing.bars.erase(missing.bars.begin() + 10);
    CHECK_THROWS(decode(missing));
}

TEST_CASE("the bars decode to the ISBN and the add-on", "[barcode]") {
    std::vector<std::string> isbns = {"9780306406157", "9791090636071", "9781234567897",
                                      "9780804429573", "9780000000002", "9798654321015"};
    // And one ISBN per first-digit parity of the left half (the 978/979 prefix fixes the first
    // digit to 9, so vary the rest): stems from a simple generator.
    unsigned seed = 12345;
    for (int i = 0; i < 20; ++i) {
        std::string stem = i % 2 == 0 ? "978" : "979";
        if (stem == "979")
            stem += "8";  // 979-8, not 979-0 (ISMN)
        while (stem.size() < 12) {
            seed = seed * 1103515245u + 12345u;
            stem += static_cast<char>('0' + (seed >> 16) % 10);
        }
        isbns.push_back(with_check_digit(stem));
    }
    const std::vector<std::string> addons = {"51699", "90000", "62150", "50099",
                                             "59999", "01234", "37485", ""};
    for (const std::string& digits : isbns) {
        for (const std::string& addon : addons) {
            INFO(digits << " + " << addon);
            const Barcode barcode = make_isbn_barcode(Isbn::parse(digits), addon, kdp_area);
            CHECK(barcode.main_digits == digits);
            CHECK(barcode.addon_digits == addon);
            const Decoded decoded = decode(barcode);
            CHECK(decoded.main == digits);
            CHECK(decoded.addon == addon);
        }
    }
    // From a price, through the add-on, to the bars.
    const Barcode priced =
        make_isbn_barcode(Isbn::parse("0-306-40615-2"), price_addon("USD 16.99"), ingramspark_area);
    CHECK(decode(priced).main == "9780306406157");
    CHECK(decode(priced).addon == "51699");
}

TEST_CASE("the barcode fits the printers' areas at the largest magnification", "[barcode]") {
    const Isbn isbn = Isbn::parse("978-0-306-40615-7");
    // With the add-on the symbol is 11 + 95 + 7 + 47 + 6 = 166 modules wide: 1.75 in (44.45 mm)
    // holds 166 modules of 0.33 mm x 81% (44.37 mm) but not 82% (44.92 mm); 2.0 in (50.8 mm)
    // holds 92% (50.40 mm) but not 93% (50.95 mm).
    const Barcode ingram = make_isbn_barcode(isbn, "51699", ingramspark_area);
    CHECK(ingram.magnification_percent == 81);
    CHECK(ingram.module_width == 0.2673_mm);
    CHECK(ingramspark_area.contains(ingram.size));
    CHECK(ingram.size.width == 0.2673_mm * 166);

    const Barcode kdp = make_isbn_barcode(isbn, "51699", kdp_area);
    CHECK(kdp.magnification_percent == 92);
    CHECK(kdp.module_width == 0.3036_mm);
    CHECK(kdp_area.contains(kdp.size));

    // Without the add-on, 113 modules: the height decides. At 100% the symbol is 25.93 mm
    // with its digits plus 11X (3.63 mm) of ISBN line, gap and margin: 29.56 mm, more than
    // IngramSpark's 25.4 mm; 85% gives 25.126 mm, 86% 25.4216 mm.
    const Barcode plain = make_isbn_barcode(isbn, "", ingramspark_area);
    CHECK(plain.magnification_percent == 85);
    CHECK(plain.size.height == 25.1260_mm);
    CHECK(plain.size.width == 0.2805_mm * 113);
    CHECK(make_isbn_barcode(isbn, "", kdp_area).magnification_percent == 100);
    CHECK(make_isbn_barcode(isbn, "", kdp_area).size == Size{37.29_mm, 29.56_mm});

    // The largest magnification is 100%, however large the area.
    CHECK(make_isbn_barcode(isbn, "90000", Size{10_in, 10_in}).magnification_percent == 100);
    CHECK(make_isbn_barcode(isbn, "90000", Size{10_in, 10_in}).module_width == 0.33_mm);
}

TEST_CASE("an area too small for 80% is refused, naming the size needed", "[barcode][errors]") {
    const Isbn isbn = Isbn::parse("978-0-306-40615-7");
    // 166 modules of 0.264 mm: 43.824 mm (1.7254 in); 80% of 29.56 mm: 23.648 mm (0.9310 in).
    CHECK_THROWS_WITH(make_isbn_barcode(isbn, "51699", Size{1.5_in, 1_in}),
                      Catch::Contains("needs 1.726 × 0.932 in (43.83 × 23.65 mm) at 80%") &&
                          Catch::Contains("1.5 × 1 in") && Catch::Contains("too narrow"));
    CHECK_THROWS_WITH(make_isbn_barcode(isbn, "51699", Size{2_in, 0.9_in}),
                      Catch::Contains("too low") && !Catch::Contains("too narrow"));
    CHECK_THROWS_AS(make_isbn_barcode(isbn, "", Size{1_in, 1_in}), ValueError);
    // Exactly the 80% size fits.
    const Barcode smallest =
        make_isbn_barcode(isbn, "51699", Size{0.264_mm * 166, 0.264_mm * 11 + 20.744_mm});
    CHECK(smallest.magnification_percent == 80);
}

TEST_CASE("a malformed add-on is refused", "[barcode][errors]") {
    const Isbn isbn = Isbn::parse("978-0-306-40615-7");
    CHECK_THROWS_WITH(make_isbn_barcode(isbn, "5169", kdp_area), Catch::Contains("not 5 digits"));
    CHECK_THROWS_WITH(make_isbn_barcode(isbn, "5169a", kdp_area), Catch::Contains("not 5 digits"));
    CHECK_THROWS_AS(make_isbn_barcode(isbn, "516990", kdp_area), ValueError);
}

TEST_CASE("bars lie inside the barcode, sorted, apart, with their quiet zones", "[barcode]") {
    const Isbn isbn = Isbn::parse("978-1-23456-789-7");
    for (const std::string addon : {"51699", ""}) {
        for (const Size& area : {ingramspark_area, kdp_area}) {
            const Barcode barcode = make_isbn_barcode(isbn, addon, area);
            INFO("add-on '" << addon << "' at " << barcode.magnification_percent << "%");
            const Length x = barcode.module_width;
            const Rect box{Length(), Length(), barcode.size.width, barcode.size.height};
            REQUIRE(!barcode.bars.empty());
            for (std::size_t i = 0; i < barcode.bars.size(); ++i) {
                const Rect& bar = barcode.bars[i];
                CHECK(box.contains(bar));
                CHECK(bar.width > Length());
                CHECK(bar.height > Length());
                CHECK(bar.x.is_multiple_of(x));
                CHECK(bar.width.is_multiple_of(x));
                if (i > 0) {
                    CHECK(barcode.bars[i - 1].right() < bar.left());  // sorted, with a space
                    CHECK_FALSE(barcode.bars[i - 1].overlaps(bar));
                }
            }
            // GS1 quiet zones: 11X left; 7X right of the EAN-13, or with an add-on a 7X-12X
            // gap before it and 5X after it.
            const Decoded decoded = decode(barcode);
            CHECK(decoded.left_quiet >= 11);
            CHECK(barcode.bars.front().x == x * 11);
            if (addon.empty()) {
                CHECK(decoded.right_quiet >= 7);
            } else {
                CHECK(decoded.gap >= 7);
                CHECK(decoded.gap <= 12);
                CHECK(decoded.right_quiet >= 6);  // GS1 asks 5; zbar needs 5.25
            }
            // Bar height: 22.85 mm at 100% (GS1), scaled; guard bars 5X longer.
            const Length bar_height = 22.85_mm * barcode.magnification_percent / 100;
            std::vector<Length> heights;
            for (const Rect& bar : barcode.bars)
                heights.push_back(bar.height);
            CHECK(std::count(heights.begin(), heights.end(), bar_height + x * 5) == 6);
            const auto add_on_bars =
                std::count_if(barcode.bars.begin(), barcode.bars.end(),
                              [&](const Rect& bar) { return bar.left() >= x * (11 + 95); });
            CHECK(add_on_bars == (addon.empty() ? 0 : 16));  // 1011 guard: 2, 5 digits x 2, 4 x 1
            CHECK(std::count(heights.begin(), heights.end(), bar_height) ==
                  static_cast<long>(barcode.bars.size()) - 6 - add_on_bars);
        }
    }
}

TEST_CASE("the human-readable text is placed clear of the bars", "[barcode]") {
    const Isbn isbn = Isbn::parse("978-0-306-40615-7");
    const Barcode barcode = make_isbn_barcode(isbn, "51699", kdp_area);
    std::vector<std::string> texts;
    for (const BarcodeText& text : barcode.text)
        texts.push_back(text.text);
    CHECK(texts ==
          std::vector<std::string>{"ISBN 978-0-306-40615-7", "9", "780306", "406157", "51699"});

    const Length x = barcode.module_width;
    for (const BarcodeText& text : barcode.text) {
        INFO(text.text);
        CHECK(text.font_size > Length());
        CHECK(text.max_width > Length());
        // The text's box, taking its ink as up to 0.75 em above the baseline.
        const Rect ink = Rect::from_edges(text.center_x - text.max_width / 2,
                                          text.baseline_y - text.font_size * 3 / 4,
                                          text.center_x + text.max_width / 2, text.baseline_y);
        CHECK(Rect{Length(), Length(), barcode.size.width, barcode.size.height}.contains(ink));
        for (const Rect& bar : barcode.bars)
            CHECK_FALSE(ink.overlaps(bar));
    }
    // The ISBN line over the main symbol, above every bar.
    const BarcodeText* line = find_text(barcode, "ISBN 978-0-306-40615-7");
    REQUIRE(line != nullptr);
    CHECK(line->center_x == x * (11 + 47) + x / 2);
    for (const Rect& bar : barcode.bars)
        CHECK(line->baseline_y < bar.top());
    // The leading digit in the left quiet zone, the groups centred on their halves.
    const BarcodeText* leading = find_text(barcode, "9");
    REQUIRE(leading != nullptr);
    CHECK(leading->center_x + leading->max_width / 2 <= x * 11);
    CHECK(find_text(barcode, "780306")->center_x == x * (11 + 3 + 21));
    CHECK(find_text(barcode, "406157")->center_x == x * (11 + 50 + 21));
    // The digits' baseline 25.93 mm below the bars' top at 100% (GS1's nominal height).
    const Length bars_top = barcode.bars.front().top();
    CHECK(find_text(barcode, "780306")->baseline_y - bars_top ==
          25.93_mm * barcode.magnification_percent / 100);
    // The add-on's digits over the add-on, above its bars.
    const BarcodeText* addon = find_text(barcode, "51699");
    REQUIRE(addon != nullptr);
    CHECK(addon->center_x - addon->max_width / 2 >= x * (11 + 95 + 7));
    CHECK(addon->center_x + addon->max_width / 2 <= x * (11 + 95 + 7 + 47));
    CHECK(addon->baseline_y < barcode.bars.back().top());
    CHECK(addon->baseline_y > bars_top);
}
